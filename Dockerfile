# Build: a release binary with the Swift runtime linked in, plus its resource bundles.
FROM swift:6.2-noble AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev zlib1g-dev libxml2-dev libvips-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product quire --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/quire" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /staging/ \
    && cp -R Config /staging/Config

# Run: the binary, its resources and the default config; the database (images included) lives
# on /data. libvips is the library the media's images are made with: noble names its package
# libvips42t64 (after the 64-bit time_t rename), older releases libvips42.
FROM ubuntu:noble
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 zlib1g libxml2 ca-certificates curl \
    && (apt-get install -y --no-install-recommends libvips42t64 || apt-get install -y --no-install-recommends libvips42) \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin quire \
    && mkdir -p /data \
    && chown quire:quire /data
WORKDIR /app
COPY --from=build /staging /app
ENV QUIRE_HOST=0.0.0.0 \
    QUIRE_PORT=8080 \
    QUIRE_DATABASE_PATH=/data/quire.sqlite
VOLUME /data
EXPOSE 8080
USER quire
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/app/quire"]
CMD ["serve"]
