package dev.lockorder.maven;

import java.nio.file.Files;
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
 * module and a lock in another is found. Run it from a dedicated module that depends on the
 * modules to check (as jacoco's report-aggregate): it analyzes every upstream module of the
 * reactor, and this module's own classes if any.
 */
@Mojo(name = "check-aggregate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class CheckAggregateMojo extends AbstractLockorderMojo {

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("lockorder: skipped (lockorder.skip)");
      return;
    }
    List<MavenProject> modules = new ArrayList<>(
        session.getProjectDependencyGraph().getUpstreamProjects(project, true));
    modules.add(project);
    List<Path> inputs = new ArrayList<>();
    Set<Path> classpath = new LinkedHashSet<>();
    List<Path> roots = new ArrayList<>();
    for (MavenProject m : modules) {
      Path classes = Path.of(m.getBuild().getOutputDirectory());
      if (Files.isDirectory(classes)) {
        inputs.add(classes);
        m.getCompileSourceRoots().forEach(r -> roots.add(Path.of(r)));
      }
    }
    // A module's own jar on another module's classpath is the same classes again.
    Set<Path> moduleFiles = new LinkedHashSet<>(inputs);
    for (MavenProject m : modules) {
      if (m.getArtifact() != null && m.getArtifact().getFile() != null) {
        moduleFiles.add(m.getArtifact().getFile().toPath());
      }
    }
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
    if (inputs.isEmpty()) {
      getLog().info("lockorder: skipped: no module classes to aggregate");
      return;
    }
    getLog().info("lockorder: aggregating " + inputs.size() + " module(s)");
    analyze(inputs, new ArrayList<>(classpath), roots);
  }
}
