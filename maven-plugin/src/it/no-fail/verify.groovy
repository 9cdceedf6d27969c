def log = new File(basedir, 'build.log').text
// Reported, not failed: the findings are warnings, never errors.
assert log.contains('[WARNING] lockorder: #1 LockOrderCycle (high): Chain exists of:')
assert !log.contains('[ERROR] lockorder:')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/lockorder.sarif'))
assert json.runs[0].results.size() == 1
assert json.runs[0].results[0].ruleId == 'LO1001'
return true
