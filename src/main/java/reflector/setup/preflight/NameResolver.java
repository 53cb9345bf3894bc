package reflector.setup.preflight;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host name up. The JDK's resolver in real runs; tests give a table, so they never need DNS. */
@FunctionalInterface
public interface NameResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    NameResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
