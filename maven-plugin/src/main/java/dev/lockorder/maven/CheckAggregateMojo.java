package dev.lockorder.maven;

import dev.lockorder.report.SarifReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Analyzes the classes of several modules as one program, so that a cycle through a lock in one
 * module and a lock in another is found. Two ways to run it:
 *
 * <ul>
 *   <li>bound in a dedicated module that depends on the modules to check (as jacoco's
 *       report-aggregate): it analyzes every module of the reactor that this one depends on, and
 *       this module's own classes if any;
 *   <li>on the command line at the aggregator, after the build: {@code mvn verify
 *       lockorder:check-aggregate}. As an aggregator goal it then runs once, after every module
 *       is built, and analyzes the whole reactor.
 * </ul>
 */
@Mojo(name = "check-aggregate", aggregator = true, defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class CheckAggregateMojo extends AbstractLockorderMojo {

  /** The whole program is one analysis, as the command line's. */
  @Override
  protected String defaultSarifCategory() {
    return SarifReport.DEFAULT_CATEGORY;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("lockorder: skipped (lockorder.skip)");
      return;
    }
    List<MavenProject> modules = modulesToAggregate();
    List<Path> inputs = new ArrayList<>();
    List<Path> roots = new ArrayList<>();
    for (MavenProject m : modules) {
      Path classes = Path.of(m.getBuild().getOutputDirectory());
      if (hasClasses(classes)) {
        inputs.add(classes);
        m.getCompileSourceRoots().forEach(r -> roots.add(Path.of(r)));
      } else if (!"pom".equals(m.getPackaging())) {
        getLog().warn("lockorder: " + m.getArtifactId() + " has no classes yet, so it is left out;"
            + " run the goal after compile, e.g. mvn verify lockorder:check-aggregate");
      }
    }
    if (inputs.isEmpty()) {
      getLog().info("lockorder: skipped: no module classes to aggregate");
      return;
    }
    getLog().info("lockorder: aggregating " + inputs.size() + " module(s)");
    analyze(inputs, libraries(modules), roots);
  }

  /**
   * A module that depends on other modules of the reactor aggregates those; the execution root
   * that depends on none (the aggregator, the goal given on the command line) aggregates the
   * whole reactor.
   */
  private List<MavenProject> modulesToAggregate() {
    List<MavenProject> upstream = session.getProjectDependencyGraph().getUpstreamProjects(project, true);
    boolean dependsOnModules = upstream.stream().anyMatch(m -> !"pom".equals(m.getPackaging()));
    if (!dependsOnModules && project.isExecutionRoot()) {
      return session.getProjects();
    }
    List<MavenProject> modules = new ArrayList<>(upstream);
    modules.add(project);
    return modules;
  }

  /** The modules' compile classpaths, less the modules themselves (their jars are the same classes again). */
  private List<Path> libraries(List<MavenProject> modules) {
    Set<Path> moduleFiles = new LinkedHashSet<>();
    for (MavenProject m : modules) {
      moduleFiles.add(Path.of(m.getBuild().getOutputDirectory()));
      if (m.getArtifact() != null && m.getArtifact().getFile() != null) {
        moduleFiles.add(m.getArtifact().getFile().toPath());
      }
    }
    Set<Path> classpath = new LinkedHashSet<>();
    for (MavenProject m : modules) {
      try {
        for (Path p : paths(m.getCompileClasspathElements(), null)) {
          if (!moduleFiles.contains(p)) {
            classpath.add(p);
          }
        }
      } catch (DependencyResolutionRequiredException e) {
        getLog().warn("lockorder: classpath of " + m.getArtifactId() + " not resolved; its libraries are skipped");
      }
    }
    return new ArrayList<>(classpath);
  }
}
