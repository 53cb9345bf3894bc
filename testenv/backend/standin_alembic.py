# STAND-IN for `uv run alembic upgrade head`, the first thing upstream's server/runserver.sh does
# with ENTRYPOINT=server. It is NOT alembic and runs no migration's body: the image's
# /app/migrations/versions holds test data (the revision/down_revision lines of a release's
# migration files, see migration-sets/README.md). From those it does what alembic does to the
# real PostgreSQL's bookkeeping, and prints alembic's own lines:
#
#   one head      every revision after the database's is "run" (logged as alembic logs it) and the
#                 table alembic_version ends with one row: the head (made when missing);
#   several heads "Multiple head revisions are present for given argument 'head'; ..." (ERROR
#                 line on stderr, FAILED line on stdout), nothing changes;
#   a database revision the files do not know
#                 "Can't locate revision identified by '...'", nothing changes.
#
# A failure returns 255 (alembic's sys.exit(-1)); runserver.sh has no `set -e`, so the caller
# starts the server anyway, on whatever schema the database has.
import os
import re
import subprocess
import sys

REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(\([^)]*\)|\[[^\]]*\]|[^\n]*)", re.M)
QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")

MULTIPLE_HEADS = ("Multiple head revisions are present for given argument 'head'; please specify a specific "
                  "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads")


class Failed(Exception):
    """alembic's CommandError: the message it logs and prints as FAILED."""


def parse(text):
    """(revision, (down revisions...), message) of one version file, or None when it declares no revision."""
    revision = REVISION.search(text)
    if not revision:
        return None
    down = DOWN_REVISION.search(text)
    downs = tuple(QUOTED.findall(down.group(1))) if down else ()
    docstring = re.match(r'\s*"""(.*)', text)
    message = docstring.group(1).strip() if docstring else ""
    return revision.group(1), downs, message


def load(directory):
    """{revision: (downs, message)} of the *.py files directly in directory (as alembic's ScriptDirectory)."""
    if not os.path.isdir(directory):
        raise Failed("Path doesn't exist: %s.  Please use the 'init' command to create a new scripts folder."
                     % os.path.dirname(directory))
    graph = {}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.endswith(".py") and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                parsed = parse(f.read())
            if parsed:
                graph[parsed[0]] = (parsed[1], parsed[2])
    return graph


def heads(graph):
    revised = {down for downs, _ in graph.values() for down in downs}
    return sorted(rev for rev in graph if rev not in revised)


def lineage(graph, revisions):
    """The revisions and all their ancestors."""
    seen, todo = set(), list(revisions)
    while todo:
        rev = todo.pop()
        if rev not in seen:
            seen.add(rev)
            todo.extend(graph.get(rev, ((), ""))[0])
    return seen


def plan(graph, current):
    """The revisions `upgrade head` runs from the database's revisions `current`, parents first."""
    found = heads(graph)
    if len(found) > 1:
        raise Failed(MULTIPLE_HEADS)
    for rev in current:
        if rev not in graph:
            raise Failed("Can't locate revision identified by '%s'" % rev)
    done = lineage(graph, current)
    todo = [rev for rev in lineage(graph, found) if rev not in done]
    ordered, placed = [], set(done)
    while todo:
        ready = sorted(rev for rev in todo if all(down in placed for down in graph[rev][0]))
        for rev in ready:
            ordered.append(rev)
            placed.add(rev)
        todo = [rev for rev in todo if rev not in placed]
    return ordered


def log(level, logger, message):
    """alembic.ini's format: %(levelname)-5.5s [%(name)s] %(message)s, on stderr."""
    sys.stderr.write("%-5.5s [%s] %s\n" % (level, logger, message))
    sys.stderr.flush()


class Database:
    """The alembic_version table of the real PostgreSQL, through psql with DATABASE_URL's credentials."""

    def __init__(self, params, psql="psql"):
        self.params, self.psql = params, psql

    def run(self, sql):
        p = self.params
        env = dict(os.environ, PGPASSWORD=p["password"], PGCONNECT_TIMEOUT="5")
        r = subprocess.run([self.psql, "-w", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", p["host"],
                            "-p", str(p["port"]), "-U", p["user"], "-d", p["dbname"]],
                           input=sql, env=env, capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise ConnectionError(r.stderr.strip() or "psql exit %d" % r.returncode)
        return [line for line in r.stdout.splitlines() if line]

    def current(self):
        """The revisions in alembic_version; () when the table is missing or empty."""
        if self.run("SELECT to_regclass('alembic_version') IS NOT NULL;") != ["t"]:
            return ()
        return tuple(self.run("SELECT version_num FROM alembic_version;"))

    def stamp(self, head):
        self.run("BEGIN;\n"
                 "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
                 "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n"
                 "DELETE FROM alembic_version;\n"
                 "INSERT INTO alembic_version (version_num) VALUES ('%s');\n"
                 "COMMIT;\n" % head.replace("'", "''"))


def upgrade_head(directory, database):
    """alembic upgrade head: 0 when the database is at the head, 255 when alembic would fail."""
    try:
        graph = load(directory)
        try:
            current = database.current()
        except (ConnectionError, OSError, subprocess.SubprocessError) as e:
            sys.stderr.write("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) %s\n" % e)
            return 1
        log("INFO", "alembic.runtime.migration", "Context impl PostgresqlImpl.")
        log("INFO", "alembic.runtime.migration", "Will assume transactional DDL.")
        steps = plan(graph, current)
        for rev in steps:
            downs, message = graph[rev]
            log("INFO", "alembic.runtime.migration", "Running upgrade %s -> %s, %s" % (", ".join(downs), rev, message))
        if steps:
            database.stamp(heads(graph)[0])
        return 0
    except Failed as e:
        log("ERROR", "alembic.util.messaging", str(e))
        sys.stdout.write("FAILED: %s\n" % e)
        sys.stdout.flush()
        return 255
