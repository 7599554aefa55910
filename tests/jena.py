"""Apache Jena, another SPARQL engine for the tests (test support, not a test module).

The engine is Debian's ``libapache-jena-java`` 4.5.0 (jars in /usr/share/java, or in
``$INSPECTION_KG_JENA_JARS``) on a Java runtime, installed with::

    apt-get install libapache-jena-java default-jre-headless

(the package does not pull in a Java runtime, hence default-jre-headless: OpenJDK 17 on
Debian 12). The package ships jars only, no ``tdb2.*`` scripts, so every command is
``java -cp … CLASS``. Its jena-core.jar needs a one-file fix: the shaded Xerces classes in it live in package
``xerces.*``, but their resources stayed under ``org/apache/jena/ext/xerces/``, so the regex
messages bundle ``xerces.impl.xpath.regex.message`` is not found, XSDDatatype cannot be
initialised and every command dies with "internal error" (ExceptionInInitializerError).
`classpath` copies that one file out of jena-core.jar into a folder of the caller's (a pytest
temporary folder) under the name the classes look for, and puts that folder first on the
class path. Nothing else is written anywhere.

The dataset's N-Quads go into a TDB2 database once (``tdb2.tdbloader``); then each query is a
``tdb2.tdbquery --set tdb:unionDefaultGraph=true --results=json`` of its own, one JVM each
(~1-2 s), so that, as in `inspection-kg query`, a query's default graph is the union of the
named graphs. Answers are compared as in tests/comunica.py (SPARQL 1.1 JSON results as RDF
terms, ties under ORDER BY in any order).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

VERSION = "4.5.0"
JARS_VARIABLE = "INSPECTION_KG_JENA_JARS"
DEFAULT_JARS = Path("/usr/share/java")
INSTALL = "apt-get install libapache-jena-java default-jre-headless"
TIMEOUT = 600.0  # seconds for one JVM; measured: ~2 s for a query, ~5 s for the load

# Jena's own jars (jena-<module>-4.5.0.jar) the two commands need, and the Debian jars of
# its dependencies (libapache-jena-java's Depends), by their unversioned names.
MODULES = (
    "base",
    "core",
    "arq",
    "iri",
    "cmds",
    "dboe-base",
    "dboe-index",
    "dboe-storage",
    "dboe-trans-data",
    "dboe-transaction",
    "tdb2",
    "rdfconnection",
    "shacl",
    "shex",
    "tdb",
)
DEPENDENCIES = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "jsonld-java",
    "jakarta.json-api",
    "protobuf",
    "slf4j-api",
    "slf4j-simple",
    "thrift",
    "titanium-json-ld",
)
# The resource the Debian build left behind, and where the shaded classes look for it.
_MESSAGES = "org/apache/jena/ext/xerces/impl/xpath/regex/message.properties"
_MESSAGES_AS_LOADED = "xerces/impl/xpath/regex/message.properties"
_POM = "META-INF/maven/org.apache.jena/jena-arq/pom.properties"
# The C1 compiler alone: the JVMs are short-lived (measured: the load and 26 queries in 22 s
# instead of 27 s); no hsperfdata files in /tmp; UTF-8 whatever the locale (the queries hold
# Chinese literals).
_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8")


@dataclass(frozen=True)
class Jena:
    java: str
    jars: tuple[Path, ...]  # Jena's jars, then its dependencies'
    version: str  # of jena-arq.jar, from its Maven properties


def jars_folder() -> Path:
    given = os.environ.get(JARS_VARIABLE)
    return Path(given) if given else DEFAULT_JARS


def _jar_version(jar: Path) -> str | None:
    try:
        with zipfile.ZipFile(jar) as archive:
            text = archive.read(_POM).decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"^version=(\S+)", text, re.MULTILINE)
    return found.group(1) if found else None


def require_jena() -> Jena:
    """Java and Jena 4.5.0's jars; skips without them, fails on CI (CI set), which must
    install them."""
    folder = jars_folder()
    java = shutil.which("java")
    problems = [] if java else ["java (a Java runtime) is not on PATH"]
    jena_jars = [folder / f"jena-{module}-{VERSION}.jar" for module in MODULES]
    dependencies = [folder / f"{name}.jar" for name in DEPENDENCIES]
    missing = [jar.name for jar in [*jena_jars, *dependencies] if not jar.is_file()]
    if missing:
        listed = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        problems.append(f"Apache Jena {VERSION}'s jars are not all in {folder} (missing: {listed})")
    elif (version := _jar_version(folder / f"jena-arq-{VERSION}.jar")) != VERSION:
        problems.append(f"{folder}/jena-arq-{VERSION}.jar is version {version}, not {VERSION}")
    if not problems:
        assert java is not None
        return Jena(java, (*jena_jars, *dependencies), VERSION)
    problem = "; ".join(problems)
    reason = f"{problem}; install it with: {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(f"CI must install Apache Jena: {reason}")
    pytest.skip(reason)
    raise AssertionError  # unreachable


def classpath(jena: Jena, fix: Path) -> str:
    """The class path, led by ``fix``, a folder into which the regex messages of jena-core.jar
    are copied under the name its shaded Xerces loads them by."""
    core = next(jar for jar in jena.jars if jar.name == f"jena-core-{VERSION}.jar")
    target = fix / _MESSAGES_AS_LOADED
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(core) as archive:
        target.write_bytes(archive.read(_MESSAGES))
    return os.pathsep.join([str(fix), *map(str, jena.jars)])


@dataclass(frozen=True)
class Database:
    """A TDB2 database of one N-Quads file."""

    jena: Jena
    classpath: str
    location: Path
    work: Path  # a folder for the query files
    quads: int  # as tdb2.tdbloader counted them
    load_ms: int


@dataclass(frozen=True)
class Answer:
    """Jena's answer to one query: SPARQL JSON results, or None and why (``error``); what
    it logged (warnings included) in ``log``."""

    name: str
    ms: int
    result: dict[str, Any] | None
    error: str | None
    log: str


def _java(jena: Jena, cp: str, *arguments: str, timeout: float) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [jena.java, *_JVM_OPTIONS, "-cp", cp, *arguments],
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def load(jena: Jena, nquads: Path, work: Path, timeout: float = TIMEOUT) -> Database:
    """``tdb2.tdbloader`` of the file into ``work``/tdb2 (``work`` also gets the class path
    fix and, later, the query files)."""
    cp = classpath(jena, work / "classpath-fix")
    location = work / "tdb2"
    start = time.monotonic()
    done = _java(jena, cp, "tdb2.tdbloader", "--loc", str(location), str(nquads.resolve()), timeout=timeout)
    ms = round((time.monotonic() - start) * 1000)
    log = done.stderr.decode("utf-8", "replace") + done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        raise AssertionError(f"tdb2.tdbloader failed ({done.returncode}):\n{log[-3000:]}")
    counted = re.findall(r"Quads = ([\d,]+)", log)
    assert counted, f"tdb2.tdbloader did not say how many quads it loaded:\n{log[-3000:]}"
    return Database(jena, cp, location, work, int(counted[-1].replace(",", "")), ms)


def query(db: Database, name: str, text: str, timeout: float = TIMEOUT) -> Answer:
    """One query with ``tdb2.tdbquery``, the union of the named graphs as its default graph."""
    safe = re.sub(r"[^\w.-]+", "_", name)
    file = db.work / "queries" / f"{safe}.rq"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    start = time.monotonic()
    done = _java(
        db.jena,
        db.classpath,
        "tdb2.tdbquery",
        "--loc",
        str(db.location),
        "--set",
        "tdb:unionDefaultGraph=true",
        "--results=json",
        "--query",
        str(file),
        timeout=timeout,
    )
    ms = round((time.monotonic() - start) * 1000)
    log = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        return Answer(name, ms, None, f"exit code {done.returncode}: {log[-3000:]}", log)
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except ValueError as error:
        output = done.stdout.decode("utf-8", "replace")[:1000]
        return Answer(name, ms, None, f"not SPARQL JSON results ({error}): {output!r}", log)
    return Answer(name, ms, result, None, log)


def warnings(log: str) -> list[str]:
    """The lines Jena logged as a warning or an error (slf4j-simple: ``[main] WARN …``)."""
    return [line for line in log.splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]
