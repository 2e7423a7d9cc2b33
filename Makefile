# The two commands a newcomer needs. Both install whatever is missing first.
.PHONY: serve test dist bench

serve: ## set up, then serve the app on http://127.0.0.1:8080
	scripts/serve.sh

test: ## set up, then run every test
	scripts/test.sh

dist: ## set up, then build the folder to copy to any static host: dist/
	scripts/setup.sh
	scripts/build-release.sh

bench: ## engine events/s, native and wasm in Chromium; the CLI sweeps on one core and on all
	scripts/bench.sh
