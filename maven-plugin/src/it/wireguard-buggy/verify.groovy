def log = new File(basedir, 'build.log').text
// The summary: the cycle's chain at ERROR, and where the full report is.
assert log.contains('[ERROR] lockorder: #1 LockOrderCycle (high): Chain exists of: (completion)WgDevice.handshakeSendWq --> (work)WgPeer.transmitHandshakeWork --> WgDevice.staticIdentity.lock')
assert log.contains('full report: ' + new File(basedir, 'target/lockorder.txt'))
assert log.contains('MojoFailureException')

// The SARIF log exists and is SARIF 2.1.0 with the cycle as its one result (the analyzer's own
// tests validate against the full schema).
def sarif = new File(basedir, 'target/lockorder.sarif')
assert sarif.isFile()
def json = new groovy.json.JsonSlurper().parse(sarif)
assert json.version == '2.1.0'
assert json.'$schema'.contains('sarif-2.1.0')
def run = json.runs[0]
assert run.tool.driver.name == 'lockorder'
assert run.results.size() == 1
def result = run.results[0]
// Rules have an opaque id and a readable name (SARIF1001).
assert result.ruleId == 'LO1001'
assert run.tool.driver.rules[result.ruleIndex].id == 'LO1001'
assert run.tool.driver.rules[result.ruleIndex].name == 'LockOrderCycle'
assert result.locations[0].physicalLocation.artifactLocation.uri.endsWith('.java')
assert result.partialFingerprints

assert new File(basedir, 'target/lockorder.txt').text.contains('Chain exists of:')
return true
