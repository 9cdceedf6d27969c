def log = new File(basedir, 'build.log').text
assert log.contains('Chain exists of: (completion)WgDevice.handshakeSendWq --> (work)WgPeer.transmitHandshakeWork --> WgDevice.staticIdentity.lock')
assert log.contains('full report:')
def sarif = new File(basedir, 'target/lockorder.sarif')
assert sarif.isFile()
def json = new groovy.json.JsonSlurper().parse(sarif)
assert json.version == '2.1.0'
assert json.runs[0].results.size() == 1
assert json.runs[0].results[0].ruleId == 'LockOrderCycle'
assert new File(basedir, 'target/lockorder.txt').text.contains('Chain exists of:')
return true
