#!/usr/bin/env bats
# The -e expression parsers under libFuzzer: a short run from the seed
# corpus must end without a crash, leak or sanitizer report.

setup() {
	load common
}

@test "fuzz: -e parsers survive 20000 generated expressions" {
	[ -x "${FUZZ_EXPR:-}" ] || skip "fuzz target not built (needs clang with libFuzzer)"
	corpus="$BATS_TEST_TMPDIR/corpus"
	mkdir -p "$corpus"
	cp "${TOP_SRCDIR:-$BATS_TEST_DIRNAME/..}"/tests/fuzz/corpus/* "$corpus"/
	run "$FUZZ_EXPR" -runs=20000 -max_len=96 -seed=1 "$corpus"
	assert_success
	assert_output --partial "Done 20000 runs"
}
