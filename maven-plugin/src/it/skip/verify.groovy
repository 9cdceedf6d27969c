def log = new File(basedir, 'build.log').text
// -Dlockorder.skip: the build passes and no analysis runs.
assert log.contains('lockorder: skipped (lockorder.skip)')
assert !log.contains('Chain exists of:')
assert !log.contains('lock-order problems')
assert !new File(basedir, 'target/lockorder.sarif').exists()
assert !new File(basedir, 'target/lockorder.txt').exists()

// lockorder:help -Ddetail lists both goals and every parameter with its user property.
assert log.contains('lockorder:check')
assert log.contains('lockorder:check-aggregate')
for (p in ['skip', 'failOnCycle', 'includes', 'excludes', 'sarifFile', 'textFile', 'baseline', 'sourceRoots',
    'sarifCategory', 'repoRoot']) {
  assert log.contains("User property: lockorder.${p}") : p
}
return true
