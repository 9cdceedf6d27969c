// The three invocations of invoker.properties write one build.log, and each its own SARIF file.
def log = new File(basedir, 'build.log').text
def app = new File(basedir, 'build/app')
def run = { name -> new groovy.json.JsonSlurper().parse(new File(app, "target/${name}")).runs[0] }
// In an Azure DevOps pipeline the id is under azuredevops/pipeline/build/.
def category = { r -> r.automationDetails.id - ~/^azuredevops\/pipeline\/build\// }
def uris = { r ->
  def all = r.results*.locations.flatten() + r.results*.relatedLocations.flatten()
  all*.physicalLocation*.artifactLocation*.uri
}

// 1. The pom is two folders below the git root: paths start at the git root, where code scanning
//    resolves them, and the module has its own category.
def defaults = run('lockorder.sarif')
assert defaults.results.size() == 1
assert uris(defaults).every { it == 'build/app/src/main/java/app/Bank.java' } : uris(defaults)
assert category(defaults) == 'lockorder/app/'

// 2. Both set by their user properties.
def explicit = run('explicit.sarif')
assert uris(explicit).every { it == 'src/main/java/app/Bank.java' } : uris(explicit)
assert category(explicit) == 'custom/cat/'

// 3. No source root holds Bank.java: the URIs are package paths, and both the build and the log say so;
//    runs 1 and 2 mapped every location and said nothing.
def unmapped = run('unmapped.sarif')
assert uris(unmapped).every { it == 'app/Bank.java' } : uris(unmapped)
assert unmapped.invocations[0].toolExecutionNotifications.any { it.descriptor.id == 'sources-unmapped' }
assert !defaults.invocations[0].toolExecutionNotifications.any { it.descriptor.id == 'sources-unmapped' }
assert log.count('locations are in no source root') == 1
assert log =~ /\[WARNING\] lockorder: SARIF: (\d+) of \1 locations are in no source root.*\(app\/Bank\.java\); list the source folders in sourceRoots/
return true
