package dev.lockorder.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import soot.G;
import soot.Scene;
import soot.SootClass;
import soot.SootMethod;
import soot.options.Options;

/** Soot's Jimple bodies for every concrete method of the given jars (the peer's equivalent of our facts). */
final class SootRun {
  private SootRun() {}

  static void run(List<Path> jars, Path out) {
    G.reset();
    Options o = Options.v();
    o.set_prepend_classpath(true);
    o.set_allow_phantom_refs(true);
    o.set_whole_program(false);
    o.set_output_dir(out.resolve("soot").toString());
    o.set_output_format(Options.output_format_none);
    List<String> dirs = new ArrayList<>();
    jars.forEach(j -> dirs.add(j.toString()));
    o.set_process_dir(dirs);
    o.set_src_prec(Options.src_prec_class);
    Scene.v().loadNecessaryClasses();
    int classes = 0;
    int methods = 0;
    for (SootClass c : new ArrayList<>(Scene.v().getApplicationClasses())) {
      classes++;
      for (SootMethod m : new ArrayList<>(c.getMethods())) {
        if (m.isConcrete()) {
          try {
            m.retrieveActiveBody();
            methods++;
          } catch (RuntimeException e) {
            // a body Soot cannot build: not counted
          }
        }
      }
    }
    System.out.println("classes " + classes + " methods " + methods);
  }
}
