# syntax=docker/dockerfile:1
# The SCIM server image: build and publish with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t scim-server .
#   docker compose up      (server + MongoDB, see docker-compose.yml)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so that the restore layer survives source changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ScimServer/ScimServer.csproj src/ScimServer/
COPY src/ScimServer.Core/ScimServer.Core.csproj src/ScimServer.Core/
COPY src/ScimServer.Storage.MongoDb/ScimServer.Storage.MongoDb.csproj src/ScimServer.Storage.MongoDb/
COPY src/ScimServer.Storage.Sqlite/ScimServer.Storage.Sqlite.csproj src/ScimServer.Storage.Sqlite/
RUN dotnet restore src/ScimServer/ScimServer.csproj

# The schemas are embedded into ScimServer.Core at build time.
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/ScimServer/ScimServer.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# The embedded SQLite store (Storage__Provider=Sqlite) writes data/scim.db here; mount a volume on it to keep it.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data

# The image's non-root user (APP_UID, 1654); the server listens on 8080 (ASPNETCORE_HTTP_PORTS).
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# /health/ready answers 200 when the server serves HTTP and its store answers. The runtime image has no curl or
# wget, so bash's /dev/tcp speaks HTTP/1.0 directly.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "ScimServer.dll"]
