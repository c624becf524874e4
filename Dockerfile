# postbox in two stages: Maven builds the shaded jar, a JRE image runs it as a non-root user.
#   docker build -t postbox .
#   docker run -p 8080:8080 -e POSTBOX_API_KEY_SECRET=... -e POSTBOX_PG_URL=postgresql://... postbox
# Settings come from conf/config.json overridden by POSTBOX_* variables (README, "Running in containers").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system postbox && useradd --system --gid postbox --home-dir /app --shell /usr/sbin/nologin postbox
WORKDIR /app
COPY --from=build /build/target/postbox.jar /app/postbox.jar
COPY conf/ /app/conf/
USER postbox
# HTTP API, tracking pixel, management (health and metrics on nodes without the api role)
EXPOSE 8080 8081 9090
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp", "/app/postbox.jar", "io.postbox.app.HealthProbe"]
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/app/postbox.jar"]
