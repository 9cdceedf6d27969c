def log = new File(basedir, 'build.log').text
assert log.contains('lockorder: skipped (lockorder.skip)')
assert !new File(basedir, 'target/lockorder.sarif').exists()
return true
