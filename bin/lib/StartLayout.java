import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The start-up cache's layout of the WAR (bin/lib/common.sh): the libraries of {@code WEB-INF/lib}
 * move to the class path of Payara Micro's flat launcher, where the JDK's ahead-of-time cache holds
 * their classes and Payara's deployment does not parse every class of them again on every start; the
 * application keeps what the container must find inside it. Usage:
 * {@code java StartLayout.java <war> <exploded application dir> <launcher root>}; it writes the
 * application directory, {@code <root>/libraries/} and {@code <root>/launch-tasks.jar} (the launcher
 * with those libraries added to its {@code Class-Path}).
 */
public final class StartLayout {

    private static final String LIB = "WEB-INF/lib/";
    private static final String LIBRARIES = "libraries";

    public static void main(String[] args) throws IOException {
        Path war = Path.of(args[0]);
        Path application = Path.of(args[1]);
        Path root = Path.of(args[2]);
        Path libraries = root.resolve(LIBRARIES);
        Files.createDirectories(application);
        Files.createDirectories(libraries);
        List<String> moved = new ArrayList<>();
        try (ZipFile archive = new ZipFile(war.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                Path target = application.resolve(name).normalize();
                if (!target.startsWith(application)) {
                    throw new IOException("an entry outside the archive: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                boolean library = name.startsWith(LIB) && name.endsWith(".jar") && name.indexOf('/', LIB.length()) < 0;
                if (library && !staysInApplication(target)) {
                    String jar = name.substring(LIB.length());
                    Files.move(target, libraries.resolve(jar));
                    moved.add(LIBRARIES + "/" + jar);
                }
            }
        }
        writeLauncher(root.resolve("launch-micro.jar"), root.resolve("launch-tasks.jar"), moved);
    }

    /**
     * Whether the container must find the jar inside the application: it holds CDI beans or the
     * persistence unit (the service's own modules), web resources, a web fragment, or a container
     * initializer or CDI extension that belongs to this application alone.
     */
    private static boolean staysInApplication(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("META-INF/beans.xml") != null || file.getEntry("META-INF/persistence.xml") != null
                    || file.getEntry("META-INF/web-fragment.xml") != null
                    || file.getEntry("META-INF/services/jakarta.servlet.ServletContainerInitializer") != null
                    || file.getEntry("META-INF/services/jakarta.enterprise.inject.spi.Extension") != null
                    || file.stream().anyMatch(entry -> entry.getName().startsWith("META-INF/resources/"));
        }
    }

    /** A copy of the launcher whose manifest's class path also names {@code libraries}. */
    private static void writeLauncher(Path launcher, Path target, List<String> libraries) throws IOException {
        try (JarFile source = new JarFile(launcher.toFile())) {
            Manifest manifest = new Manifest(source.getManifest());
            Attributes main = manifest.getMainAttributes();
            String classPath = main.getValue(Attributes.Name.CLASS_PATH);
            main.put(Attributes.Name.CLASS_PATH, (classPath == null ? "" : classPath + " ") + String.join(" ", libraries));
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Enumeration<JarEntry> entries = source.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }
}
