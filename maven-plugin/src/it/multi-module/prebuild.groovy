// This folder is the repository's root, as the execution root of a multi-module build usually is:
// SARIF paths must come out as they did before the git root became the default (app-a/src/...).
new File(basedir, '.git').mkdirs()
return true
