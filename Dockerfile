# tomtat's HTTP API and web page in a container:
#   docker build -t tomtat . && docker run --rm -p 8000:8000 tomtat
# then open http://127.0.0.1:8000/ . Runs offline: nothing is downloaded at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
# summarizing needs no LightGBM (the ranker's trees are scored in NumPy): the serve extra only
RUN pip install ".[serve]" && useradd --create-home --uid 10001 tomtat

USER tomtat
WORKDIR /home/tomtat
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# 0.0.0.0 inside the container so that -p can publish the port. The Host check accepts
# 127.0.0.1 and localhost; reached under another name, say so:
#   docker run --rm -p 8000:8000 tomtat tomtat serve --host 0.0.0.0 --allowed-hosts tomtat.lan
CMD ["tomtat", "serve", "--host", "0.0.0.0", "--port", "8000"]
