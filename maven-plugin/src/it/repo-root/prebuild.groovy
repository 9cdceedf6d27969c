// A .git file, as a worktree or a submodule has, marks this folder as the repository's root (git
// refuses to track a path named .git, so the test makes it).
new File(basedir, '.git').text = 'gitdir: ../.git/worktrees/repo-root\n'
return true
