/*
 * paced-load: an open-loop HTTP/1.1 load generator for the bench, one thread, one epoll loop.
 *
 * Requests are due on a fixed schedule (rate per second, evenly spaced from the start) and go
 * out over a pool of keep-alive connections, each carrying one request at a time. A request is
 * sent when it is due, or, when every connection is busy, as soon as one is free; its latency
 * counts from when it was due, so a service that falls behind is charged for the queue it built
 * (a closed loop, like wrk's, hides it). The timer is a timerfd at microsecond precision.
 *
 *   paced-load <host> <port> <rate> <seconds> <connections> <request-file> <run-id>
 *
 * The request file: the method and path on the first line, header lines, an empty line, then
 * the body (to the end of the file). Every `{{id}}` in the path or body becomes
 * `<run-id>-<n>`, n counting the requests sent, so each write can name a rule of its own.
 * Content-Length is added. Prints one JSON line: requests due, sent and answered, the
 * percentiles in microseconds, error counts and this process's CPU time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define BUFFER 65536
/* How long answers to requests still out at the end are waited for. */
#define DRAIN_US 2000000.0

/* The chunked body's last chunk: a zero size line and the empty line after it. */
static const char LAST_CHUNK[] = "\r\n0\r\n\r\n";
#define LAST_CHUNK_LENGTH 7

typedef struct {
  int fd;
  int busy;
  double start;
  /* The answer being read: its head is kept (up to BUFFER) until it is whole; its body is only
     counted, so an answer of any size is read to its end. */
  size_t used;
  char in[BUFFER];
  int head_read;
  int status;
  int chunked;
  size_t body_left; /* by Content-Length */
  char tail[LAST_CHUNK_LENGTH]; /* a chunked body's last bytes, the head's final CRLF first */
} conn_t;

static const char *host;
static int port;
static char *head_template, *body_template, *run_id;
static uint32_t *latencies;
static size_t answered, capacity, sent, status_errors, socket_errors;
static uint64_t serial;

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

/* `text` with every {{id}} replaced by `id`, into a buffer of `size`; returns the length. */
static size_t substitute(const char *text, const char *id, char *out, size_t size) {
  size_t n = 0, idlen = strlen(id);
  while (*text) {
    if (strncmp(text, "{{id}}", 6) == 0) {
      if (n + idlen >= size) break;
      memcpy(out + n, id, idlen);
      n += idlen;
      text += 6;
    } else {
      if (n + 1 >= size) break;
      out[n++] = *text++;
    }
  }
  out[n] = 0;
  return n;
}

static int open_connection(int epoll, conn_t *c) {
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
    fprintf(stderr, "paced-load: %s is not an IPv4 address\n", host);
    exit(2);
  }
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
    close(fd);
    return -1;
  }
  c->fd = fd;
  c->busy = 0;
  c->used = 0;
  c->head_read = 0;
  struct epoll_event event = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) die("epoll_ctl");
  return 0;
}

static void reconnect(int epoll, conn_t *c, int lost) {
  if (lost && socket_errors++ < 3)
    fprintf(stderr, "paced-load: a request was lost (%s); reconnecting\n", errno ? strerror(errno) : "closed by the server");
  epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  if (open_connection(epoll, c) != 0) die("connect");
}

static void send_request(int epoll, conn_t *c, double due) {
  static char id[128], path_body[BUFFER], body[BUFFER], request[2 * BUFFER];
  snprintf(id, sizeof id, "%s-%llu", run_id, (unsigned long long)++serial);
  substitute(head_template, id, path_body, sizeof path_body);
  size_t body_length = substitute(body_template, id, body, sizeof body);
  int length = snprintf(request, sizeof request, "%sContent-Length: %zu\r\n\r\n%s", path_body, body_length, body);
  if (length < 0 || (size_t)length >= sizeof request) {
    fprintf(stderr, "paced-load: the request is larger than %zu bytes\n", sizeof request);
    exit(2);
  }
  for (int written = 0; written < length;) {
    ssize_t n = write(c->fd, request + written, length - written);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {
      reconnect(epoll, c, 1);
      written = 0;
      continue;
    }
    written += n;
  }
  c->busy = 1;
  c->start = due;
  c->used = 0;
  c->head_read = 0;
  sent++;
}

/* A chunked body's bytes go through the tail; true once they end with the last chunk. */
static int body_ends(conn_t *c, const char *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    memmove(c->tail, c->tail + 1, LAST_CHUNK_LENGTH - 1);
    c->tail[LAST_CHUNK_LENGTH - 1] = bytes[i];
  }
  return memcmp(c->tail, LAST_CHUNK, LAST_CHUNK_LENGTH) == 0;
}

/* Takes `n` bytes of the answer; true once it is whole. Its status goes to c->status. */
static int consume(conn_t *c, const char *bytes, size_t n) {
  if (c->head_read) {
    if (c->chunked) return body_ends(c, bytes, n);
    c->body_left = n >= c->body_left ? 0 : c->body_left - n;
    return c->body_left == 0;
  }
  size_t room = BUFFER - 1 - c->used, take = n < room ? n : room;
  memcpy(c->in + c->used, bytes, take);
  c->used += take;
  c->in[c->used] = 0;
  char *end = strstr(c->in, "\r\n\r\n");
  if (!end) {
    if (c->used < BUFFER - 1) return 0;
    c->status = 0; /* a head larger than the buffer: counted as an error */
    return 1;
  }
  c->head_read = 1;
  c->status = atoi(c->in + 9);
  size_t head_length = end + 4 - c->in;
  c->body_left = 0;
  c->chunked = 0;
  for (char *line = strstr(c->in, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
    if (strncasecmp(line + 2, "content-length:", 15) == 0) c->body_left = strtoul(line + 17, NULL, 10);
    if (strncasecmp(line + 2, "transfer-encoding:", 18) == 0 && strstr(line, "chunked") && strstr(line, "chunked") < end) c->chunked = 1;
  }
  /* What came after the head (in the buffer, and what did not fit) is body. */
  const char *after = c->in + head_length;
  size_t in_buffer = c->used - head_length;
  if (c->chunked) {
    memset(c->tail, 0, LAST_CHUNK_LENGTH);
    body_ends(c, "\r\n", 2);
    return body_ends(c, after, in_buffer) | body_ends(c, bytes + take, n - take);
  }
  return consume(c, after, in_buffer) | consume(c, bytes + take, n - take) | (c->body_left == 0);
}

static void record(double latency) {
  if (answered == capacity) {
    capacity = capacity ? capacity * 2 : 65536;
    latencies = realloc(latencies, capacity * sizeof *latencies);
    if (!latencies) die("realloc");
  }
  latencies[answered++] = latency < 0 ? 0 : (uint32_t)latency;
}

static int by_value(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static uint32_t percentile(double p) {
  if (answered == 0) return 0;
  size_t rank = (size_t)(answered * p / 100.0 + 0.999999);
  return latencies[(rank < 1 ? 1 : rank) - 1];
}

/* The time the timer is set for (0: off): setting it again for the same time is a wasted call. */
static double armed_for;

static void arm(int timer, double at_us) {
  if (at_us == armed_for) return;
  armed_for = at_us;
  struct itimerspec spec = {0};
  spec.it_value.tv_sec = (time_t)(at_us / 1e6);
  spec.it_value.tv_nsec = (long)((at_us - spec.it_value.tv_sec * 1e6) * 1e3);
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  if (timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, NULL) != 0) die("timerfd_settime");
}

static void arm_off(int timer) {
  if (armed_for == 0) return;
  armed_for = 0;
  struct itimerspec off = {0};
  if (timerfd_settime(timer, 0, &off, NULL) != 0) die("timerfd_settime");
}

static void read_template(const char *file) {
  FILE *f = fopen(file, "rb");
  if (!f) die(file);
  static char text[BUFFER];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  char *blank = strstr(text, "\n\n");
  if (!blank) {
    fprintf(stderr, "paced-load: %s has no empty line after its headers\n", file);
    exit(2);
  }
  *blank = 0;
  body_template = blank + 2;
  /* The head as HTTP: CRLF line ends, a Host header, keep-alive is HTTP/1.1's default. */
  head_template = malloc(2 * n + 256);
  char *line = strtok(text, "\n"), *out = head_template;
  out += sprintf(out, "%s HTTP/1.1\r\nHost: %s:%d\r\n", line, host, port);
  while ((line = strtok(NULL, "\n"))) out += sprintf(out, "%s\r\n", line);
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: paced-load <host> <port> <rate> <seconds> <connections> <request-file> <run-id>\n");
    return 2;
  }
  host = argv[1];
  port = atoi(argv[2]);
  double rate = atof(argv[3]), seconds = atof(argv[4]);
  int connections = atoi(argv[5]);
  run_id = argv[7];
  if (rate <= 0 || seconds <= 0 || connections < 1) {
    fprintf(stderr, "paced-load: rate, seconds and connections must be positive\n");
    return 2;
  }
  read_template(argv[6]);
  int epoll = epoll_create1(0), timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  if (epoll < 0 || timer < 0) die("epoll/timerfd");
  conn_t *pool = calloc(connections, sizeof *pool);
  for (int i = 0; i < connections; i++)
    if (open_connection(epoll, &pool[i]) != 0) die("connect");
  struct epoll_event timer_event = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &timer_event);

  const double interval = 1e6 / rate, started = now_us() + 10000, ends = started + seconds * 1e6;
  uint64_t next = 0; /* the next request due, by its index in the schedule */
  int turn = -1;     /* the connection last given a request */
  const uint64_t total = (uint64_t)(seconds * rate);
  struct epoll_event events[256];
  for (;;) {
    double now = now_us();
    /* Due requests go out on idle connections, oldest due first; the rest wait their turn.
       None goes out after the schedule's end: what is still due then was never sent. */
    for (int tried = 0; tried < connections && next < total && started + next * interval <= now && now < ends; tried++) {
      /* Round robin, so every connection stays in use (an idle one is closed by the server). */
      turn = (turn + 1) % connections;
      if (!pool[turn].busy) send_request(epoll, &pool[turn], started + next++ * interval);
    }
    int out = 0;
    for (int i = 0; i < connections; i++) out += pool[i].busy;
    if (now >= ends + DRAIN_US || ((next >= total || now >= ends) && out == 0)) break;
    /* The timer wakes the loop for the next due request only while a connection could take it:
       with every connection busy, the next answer is what frees one (no busy waiting). */
    if (next < total && now < ends && out < connections) arm(timer, started + next * interval);
    else arm_off(timer);
    int ready = epoll_wait(epoll, events, 256, 100);
    if (ready < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < ready; e++) {
      conn_t *c = events[e].data.ptr;
      if (!c) {
        uint64_t expirations;
        if (read(timer, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("timer read");
        armed_for = 0; /* a one-shot timer that fired is off */
        continue;
      }
      static char bytes[BUFFER];
      errno = 0;
      ssize_t n = read(c->fd, bytes, sizeof bytes);
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        /* Closed under a request: that request is lost, counted as a socket error. An idle
           connection the server closed is only opened again. */
        reconnect(epoll, c, c->busy);
        continue;
      }
      if (c->busy && consume(c, bytes, n)) {
        record(now_us() - c->start);
        if (c->status >= 400 || c->status == 0) status_errors++;
        c->busy = 0;
        c->used = 0;
        c->head_read = 0;
      }
    }
  }
  double duration = now_us() - started;
  qsort(latencies, answered, sizeof *latencies, by_value);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  printf("{\"due\":%llu,\"sent\":%zu,\"answered\":%zu,\"scheduleUs\":%.0f,\"durationUs\":%.0f,\"p50\":%u,\"p90\":%u,\"p99\":%u,\"max\":%u,"
         "\"status\":%zu,\"socket\":%zu,\"cpuSeconds\":%.3f}\n",
         (unsigned long long)total, sent, answered, seconds * 1e6, duration, percentile(50), percentile(90), percentile(99),
         answered ? latencies[answered - 1] : 0, status_errors, socket_errors, cpu);
  return 0;
}
