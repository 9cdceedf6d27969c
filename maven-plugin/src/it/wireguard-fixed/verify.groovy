def log = new File(basedir, 'build.log').text
assert log.contains('lockorder: no lock-order problems found')
assert !log.contains("Chain exists of:")
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/lockorder.sarif'))
assert json.runs[0].results.isEmpty()
return true
