# Leerkring: build the jar with Maven, run it on a JRE as a non-root user.
#
#   docker build -t leerkring .
#   docker run -d -p 3000:3000 -v leerkring-data:/app/data \
#     -e SLACK_BOT_TOKEN=xoxb-... -e SLACK_SIGNING_SECRET=... leerkring
#
# The H2 database lives in the volume /app/data. For PostgreSQL set DATABASE_URL,
# DATABASE_USER and DATABASE_PASSWORD instead. A bind-mounted data folder must be writable
# by uid 10001.

# ---- build stage ----------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# Tests are not run here: they need a PostgreSQL and run in CI (.ci/run). No class archive here:
# it must come from the JVM that runs it (see the runtime stage).
RUN mvn -B -q package -DskipTests -Dclass.archive.skip=true

# ---- runtime stage --------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# curl for the HEALTHCHECK below. The Temurin Ubuntu images ship curl and wget today, but only
# "for historical reasons" (their Dockerfile says so), so the health check does not rely on
# that: it installs curl itself. A JRE alone cannot run a one-off Java source file (that
# needs the compiler, which only a JDK has).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 leerkring \
 && useradd --system --uid 10001 --gid leerkring --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin leerkring

WORKDIR /app
# The jar in target/, as in the repository, so that config/jvm.options (below) serves both.
COPY --from=build /src/target/leerkring.jar /app/target/leerkring.jar
# The example configuration: every line commented out, so the defaults and the environment
# decide. Mount your own file over /app/config/leerkring.properties, or use environment
# variables.
COPY config/ /app/config/
# The class archive that config/jvm.options maps (a faster start): a training run of the jar, as
# `mvn package` does it. An archive fits only the JVM build that wrote it, and this stage's JRE is
# not the build stage's JDK, so it is written here, with the JRE that runs it. A failing run fails
# the image build.
RUN java -XX:ArchiveClassesAtExit=target/leerkring.jsa -Xlog:cds=off -Xlog:cds+dynamic=error \
      -cp target/leerkring.jar nl.leerkring.ClassArchiveTraining
# Created and handed to the app user before VOLUME, so that a new named volume starts out
# writable for it.
RUN mkdir -p /app/data && chown leerkring:leerkring /app/data

USER leerkring
VOLUME /app/data
EXPOSE 3000

# /healthz answers 200 when the database and the scheduler are up, 503 when not; curl -f turns
# a 503 into a failure. PORT is read at check time, so a changed port is followed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT:-3000}/healthz" || exit 1

# The README's command: the JVM options (class archive, initial heap) are in config/jvm.options.
ENTRYPOINT ["java", "@config/jvm.options", "-jar", "target/leerkring.jar", "server"]
