// Both invocations write to one build.log.
def log = new File(basedir, 'build.log').text
def chain = 'Chain exists of: Service.LOCK --> Registry.LOCK'

// Each module alone is clean, in both builds...
assert !log.contains('duplicate class')
assert log.count('lockorder: no lock-order problems found') == 4
// ...and the aggregate finds the cycle through both modules, from the dedicated module and from the aggregator.
assert log.count('lockorder: aggregating 2 module(s)') == 2
assert log.count(chain) == 2
assert log.contains('check-aggregate (default) @ report')
assert log.contains('check-aggregate (default-cli) @ multi-module')

def slurp = { path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
// In an Azure DevOps pipeline the id is under azuredevops/pipeline/build/ (.ci/sarif-validate runs this so).
def category = { sarif -> sarif.runs[0].automationDetails.id - ~/^azuredevops\/pipeline\/build\// }
for (path in ['report/target/lockorder.sarif', 'target/lockorder.sarif']) {
  def sarif = slurp(path)
  assert sarif.version == '2.1.0'
  assert sarif.runs[0].results.size() == 1
  // Source paths are relative to the git root (here the execution root), where code scanning expects them.
  def uris = sarif.runs[0].results[0].locations*.physicalLocation*.artifactLocation*.uri
  assert uris.every { it.startsWith('app-a/src/main/java/') || it.startsWith('lib-b/src/main/java/') } : uris
  // The whole program is one analysis.
  assert category(sarif) == 'lockorder/'
}
// Each module's own log has its own code scanning category, so that all of them can be uploaded for
// one commit: code scanning rejects two runs of one category.
assert category(slurp('app-a/target/lockorder.sarif')) == 'lockorder/app-a/'
assert category(slurp('lib-b/target/lockorder.sarif')) == 'lockorder/lib-b/'
return true
