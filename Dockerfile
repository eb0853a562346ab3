# Suda on the official Open Liberty image. Build: docker build -t suda .
# Run:   docker run -p 9080:9080 -e DB_URL=jdbc:mysql://db:3306/suda -e DB_USER=suda -e DB_PASSWORD=... \
#                   -e REDIS_URL=redis://redis:6379 suda
# Without DB_URL and REDIS_URL it runs on the embedded default (Derby in the container, in-process store).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# package copies the JDBC drivers next to the WAR (target/liberty/wlp/usr/shared/resources/jdbc).
RUN mvn -B -ntp -DskipTests package liberty:create liberty:deploy

FROM icr.io/appcafe/open-liberty:kernel-slim-java17-openj9-ubi-minimal
COPY --chown=1001:0 src/main/liberty/config/ /config/
COPY --chown=1001:0 src/main/liberty/production.xml /config/configDropins/overrides/production.xml
RUN features.sh
COPY --chown=1001:0 --from=build /src/target/liberty/wlp/usr/shared/resources/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
COPY --chown=1001:0 --from=build /src/target/suda.war /config/apps/suda.war
# Every node of one deployment must sign tokens with the same key: mount one keystore and set
# KEYSTORE_LOCATION / KEYSTORE_SECRET; otherwise Liberty creates a key for this container alone.
ENV HTTP_PORT=9080 HTTPS_PORT=9443
EXPOSE 9080 9443
RUN configure.sh
