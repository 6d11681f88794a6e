package dev.tasks.storage.jpa;

import dev.tasks.storage.db.Database;
import dev.tasks.storage.db.TestDatabase;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import dev.tasks.storage.jdbc.TestNotifications;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The application's persistence unit {@code tasks} outside the server: the entity classes and
 * properties of {@code META-INF/persistence.xml}, on resource-local transactions over a test database
 * instead of the server's JTA data source. Built programmatically because Hibernate reads
 * {@code persistence.xml} through JAXB, which only the server provides.
 */
public final class TestPersistence implements AutoCloseable {

    private static final String UNIT = "tasks";

    /**
     * Settings that name what the server provides: its JTA platform, its JSON-B and JAXB for
     * Hibernate's format mappers (no entity maps a JSON or XML type: JSON columns are text), and its
     * MicroProfile Config, which the connection provider reads.
     */
    private static final List<String> SERVER_ONLY = List.of(AvailableSettings.JTA_PLATFORM,
            AvailableSettings.JSON_FORMAT_MAPPER, AvailableSettings.XML_FORMAT_MAPPER,
            AvailableSettings.CONNECTION_PROVIDER);

    private final EntityManagerFactory factory;
    private final DatabaseNotifications notifications;
    private final Database database;

    public TestPersistence(DataSource dataSource) {
        notifications = TestNotifications.over(dataSource);
        database = TestDatabase.over(dataSource);
        Element unit = unit();
        factory = new HibernatePersistenceConfiguration(UNIT)
                .managedClasses(classes(unit))
                // The unit has no XML mappings, and Hibernate's XML binder needs JAXB.
                .xmlMappings(false)
                .properties(properties(unit))
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .createEntityManagerFactory();
    }

    /** What the adapters announce their changes through. */
    public DatabaseNotifications notifications() {
        return notifications;
    }

    /** The database the unit keeps its rows in, for the adapters' plain JDBC reads. */
    public Database database() {
        return database;
    }

    /** Runs {@code work} in a transaction of its own, committed when it returns. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return factory.callInTransaction(work);
    }

    @Override
    public void close() {
        factory.close();
    }

    private static Element unit() {
        try (InputStream xml = TestPersistence.class.getClassLoader().getResourceAsStream("META-INF/persistence.xml")) {
            NodeList units = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml)
                    .getElementsByTagName("persistence-unit");
            for (int i = 0; i < units.getLength(); i++) {
                Element unit = (Element) units.item(i);
                if (unit.getAttribute("name").equals(UNIT)) {
                    return unit;
                }
            }
            throw new IllegalStateException("No persistence unit " + UNIT);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot read persistence.xml", e);
        }
    }

    private static List<Class<?>> classes(Element unit) {
        List<Class<?>> classes = new ArrayList<>();
        NodeList names = unit.getElementsByTagName("class");
        for (int i = 0; i < names.getLength(); i++) {
            try {
                classes.add(Class.forName(names.item(i).getTextContent().strip()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("persistence.xml lists a missing class", e);
            }
        }
        return classes;
    }

    private static Map<String, Object> properties(Element unit) {
        Map<String, Object> properties = new HashMap<>();
        NodeList settings = unit.getElementsByTagName("property");
        for (int i = 0; i < settings.getLength(); i++) {
            Element setting = (Element) settings.item(i);
            properties.put(setting.getAttribute("name"), setting.getAttribute("value"));
        }
        SERVER_ONLY.forEach(properties::remove);
        return properties;
    }
}
