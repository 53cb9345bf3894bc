package reflector.setup.cli;

import java.util.ListResourceBundle;
import reflector.setup.catalog.Service;

/** The parts of `logs --help` that come from the service catalog (picocli reads them as a resource bundle). */
public final class LogsHelp extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {{"service", Service.namesForHelp() + "."}};
    }
}
