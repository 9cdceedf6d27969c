def log = new File(basedir, 'build.log').text
// Each module alone is clean...
assert !log.contains("duplicate class")
assert log.count('lockorder: no lock-order problems found') == 2
// ...the aggregate finds the cycle through both modules.
assert log.contains('lockorder: aggregating 2 module(s)')
assert log.contains('Chain exists of: Service.LOCK --> Registry.LOCK')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'report/target/lockorder.sarif'))
assert sarif.runs[0].results.size() == 1
return true
