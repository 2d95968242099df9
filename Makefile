# Two commands do all set-up on a fresh machine:
#   make run   — venv + install, load the real reference data (data/reference) into the embedded graph,
#                open the explorer on 127.0.0.1:$(PORT) (default 8501)
#   make test  — venv + install (+ browser, fonts, Neo4j from Maven Central), run the whole test suite
.PHONY: run load test app neo4j-start neo4j-stop clean

KG ?= .venv/bin/kg
PORT ?= 8501

run: load app

load:
	bash scripts/setup.sh
	bash scripts/load-all.sh

app:
	$(KG) app --port $(PORT)

test:
	bash scripts/setup.sh test
	bash scripts/test.sh

neo4j-start:
	bash scripts/neo4j-local.sh start

neo4j-stop:
	bash scripts/neo4j-local.sh stop

clean:
	rm -rf .kg test-artifacts
