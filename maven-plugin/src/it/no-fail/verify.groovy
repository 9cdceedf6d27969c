def log = new File(basedir, 'build.log').text
assert log.contains('Chain exists of:')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/lockorder.sarif'))
assert json.runs[0].results.size() == 1
assert json.runs[0].results[0].ruleId == 'LockOrderCycle'
return true
