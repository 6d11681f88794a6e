package dev.tasks.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tasks.web.http.ApiError;
import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which module may reach which (README, "Module map"). The domain knows only the JDK; the storage
 * and integration adapters implement domain ports and know neither each other nor the web layer;
 * the web layer reaches every adapter only through domain ports, except in its composition root
 * ({@code dev.tasks.web.app}), which starts migrations and jobs and checks readiness.
 */
@AnalyzeClasses(packages = "dev.tasks", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule domainDependsOnTheJdkOnly = noClasses().that().resideInAPackage("dev.tasks.domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.tasks.domain..", "java..");

    @ArchTest
    static final ArchRule storageKnowsNoOtherAdapter = noClasses().that().resideInAPackage("dev.tasks.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tasks.web..", "dev.tasks.integration..");

    @ArchTest
    static final ArchRule integrationKnowsNoOtherAdapter = noClasses().that()
            .resideInAPackage("dev.tasks.integration..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tasks.web..", "dev.tasks.storage..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule webUsesAdaptersThroughPorts = noClasses().that().resideInAPackage("dev.tasks.web..")
            .and().resideOutsideOfPackage("dev.tasks.web.app..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tasks.storage..", "dev.tasks.integration..");

    /**
     * Application services refuse in the domain's terms ({@code dev.tasks.domain.shared.Refusal});
     * only the edge (resources, request readers, filters) builds HTTP error responses.
     */
    @ArchTest
    static final ArchRule servicesRefuseInDomainTerms = noClasses().that().areAnnotatedWith(ApplicationScoped.class)
            .and().resideOutsideOfPackages("dev.tasks.web.http..", "dev.tasks.web.app..")
            .should().dependOnClassesThat().belongToAnyOf(ApiException.class, ApiError.class);

    @ArchTest
    static final ArchRule modulesFormNoCycle = slices().matching("dev.tasks.(*)..").should().beFreeOfCycles();

    /** The HTTP plumbing ({@code web.http}) serves the feature packages and never the reverse way round. */
    @ArchTest
    static final ArchRule webPackagesFormNoCycle = slices().matching("dev.tasks.web.(*)..").should().beFreeOfCycles();
}
