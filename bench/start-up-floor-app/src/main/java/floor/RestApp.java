package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The floor application's JAX-RS root: /app/api. Enough for the runtime to start its REST stack. */
@ApplicationPath("/api")
public class RestApp extends Application {
}
