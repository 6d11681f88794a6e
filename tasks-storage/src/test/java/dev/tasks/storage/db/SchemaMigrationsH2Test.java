package dev.tasks.storage.db;

/** {@link SchemaMigrationsContract} on the embedded H2 database. */
class SchemaMigrationsH2Test extends SchemaMigrationsContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }

    @Override
    String textType() {
        return "character varying";
    }

    @Override
    String bytesType() {
        return "binary varying";
    }
}
