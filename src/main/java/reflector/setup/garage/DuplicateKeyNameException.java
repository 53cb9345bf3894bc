package reflector.setup.garage;

import java.io.IOException;

/**
 * Several Garage keys carry the name the installer uses. Garage does not keep names unique, and picking one
 * could hand Reflector a key other software depends on, so the user has to remove the extras.
 */
public class DuplicateKeyNameException extends IOException {
    public DuplicateKeyNameException(String keyName, int matches, Throwable cause) {
        super(
                "Garage has " + matches + " access keys named '" + keyName + "' (names are not unique in Garage), "
                        + "so the installer cannot tell which one Reflector should use. "
                        + "List them with `garage key list`, delete the extra ones with `garage key delete --yes <key id>` "
                        + "until exactly one remains, then run the installer again.",
                cause);
    }
}
