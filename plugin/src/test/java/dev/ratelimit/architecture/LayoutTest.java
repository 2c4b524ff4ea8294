package dev.ratelimit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The generators are plain Java: only the maven package may touch Maven's API (SPEC §2). */
@AnalyzeClasses(
    packages = "dev.ratelimit",
    importOptions = {ImportOption.DoNotIncludeTests.class, LayoutTest.NoTestSupport.class})
class LayoutTest {
  /** The test-support module is test code, though its classes are not in a test directory. */
  static final class NoTestSupport implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/dev/ratelimit/testsupport/");
    }
  }

  @ArchTest
  static final ArchRule coreIsFreeOfMaven =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.ratelimit.maven..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
          .because("the core must stay plain Java, unit-testable and reusable");

  @ArchTest
  static final ArchRule modelDependsOnNoGenerator =
      noClasses()
          .that()
          .resideInAPackage("dev.ratelimit.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.ratelimit.asl..",
              "dev.ratelimit.cloudformation..",
              "dev.ratelimit.generate..",
              "dev.ratelimit.maven..");

  @ArchTest
  static final ArchRule simulateIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("dev.ratelimit.simulate..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.ratelimit.maven..", "org.apache.maven..", "org.codehaus.plexus..")
          .because("the load run is plain Java: the simulate mojo calls it, not the other way");

  @ArchTest
  static final ArchRule interpreterStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.ratelimit.asl.local..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.ratelimit.simulate..",
              "dev.ratelimit.report..",
              "dev.ratelimit.maven..",
              "dev.ratelimit.deploy..",
              "software.amazon.awssdk..")
          .because(
              "the local executor runs ASL only: the load run, the report and the mojos build on"
                  + " it, not the other way");

  @ArchTest
  static final ArchRule packagesFormNoCycles =
      slices()
          .matching("dev.ratelimit.(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "each package builds on lower ones only; a cycle makes both halves change together");

  // LocalSfnClient implements the SDK's SfnClient interface so that simulate can run the real
  // OrchestratorHandler in-process; it answers from the local interpreter and never calls AWS.
  @ArchTest
  static final ArchRule onlyDeployCallsAws =
      noClasses()
          .that()
          .resideInAPackage("dev.ratelimit..")
          .and()
          .resideOutsideOfPackages("dev.ratelimit.deploy..", "dev.ratelimit.runtime..")
          .and()
          .doNotHaveFullyQualifiedName("dev.ratelimit.simulate.LocalSfnClient")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk..")
          .because("only deploy talks to AWS; the generators and the simulation run offline");
}
