"""Every call to Git (GitPython or the git command): history, revisions, commits."""
