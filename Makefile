# fundcast: the two commands of the README.
#   make budget   installs what is missing, builds the release binary, prints the example city's budget
#   make test     installs what is missing, runs the whole test suite, then fuzzes each reader briefly
.PHONY: budget test deps release bench embed test-slurm

budget: release
	.build/release/fundcast budget

test: deps
	swift test
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Seconds of fuzzing per reader in `make test` (scripts/fuzz.sh; 60 or more for a real session).
FUZZ_SECONDS ?= 15

deps:
	@scripts/install-deps.sh

# The release build targets this CPU's vector level when it has one (scripts/cpu-flags.sh: x86-64-v3,
# same outputs bit for bit); FUNDCAST_PORTABLE=1 builds the portable baseline.
release: deps
	swift build -c release $$(scripts/cpu-flags.sh)

bench: release
	.build/release/fundcast bench

# Regenerate the embedded example after editing Scenarios/example-city.yaml.
embed:
	tools/embed-example.sh

# The Slurm path for real (installs slurm-wlm and munge when missing, runs a one-node cluster on
# localhost, submits the simulation array and its merge, compares with a single run). Not part of `make test`.
test-slurm:
	swift build
	deploy/slurm/selftest.sh
