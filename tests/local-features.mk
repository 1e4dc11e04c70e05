## Tests of the selection, summary and seccomp features (see tests/local.mk)
BATS_TESTS +=
