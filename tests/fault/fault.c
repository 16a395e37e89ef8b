/*
 * fault.c - an LD_PRELOAD shim that makes the K-th call of one kind of system or
 * library call fail once, the way SQLite tests its I/O (README "Tests", fault
 * injection; tests/fault/run_faults.sh drives it).
 *
 *   INGROEI_FAULT=KIND:K[:ERRNO]   the K-th call (from 1) of KIND fails, once
 *   INGROEI_FAULT_COUNT=FILE       at exit, write the number of calls of each kind
 *   INGROEI_FAULT_TIMEOUT=SECONDS  alarm(SECONDS): a run that hangs dies of SIGALRM
 *                                  (cheaper than timeout(1) and env(1) around every run)
 *   INGROEI_FAULT_TRACE=1          print the call stack of the failing call on stderr
 *   INGROEI_FAULT_SITES=FILE       at exit, write "KIND K" for every call that was the
 *                                  first made from its call stack (see below)
 *
 * The kinds, and the calls that count as one:
 *   write   write pwrite pwrite64 writev pwritev, and the stdio entry points a library
 *           calls through its PLT: fwrite fwrite_unlocked fputs fputc putc fprintf
 *           vfprintf fflush fclose (glibc's stdio writes through its own internal
 *           write, so interposing write alone would miss every stdio write)
 *   rename  rename renameat renameat2
 *   fsync   fsync fdatasync syncfs
 *   read    read pread pread64 readv fread fgets fgetc getc
 *   malloc  malloc calloc realloc
 * and syscall(SYS_x, ...) for the system calls among these, in case the engine calls
 * one (renameat2 with RENAME_EXCHANGE, say) without glibc's wrapper.
 *
 * A failure looks like the real one: write ENOSPC (a stdio stream also gets its error
 * indicator, and a failing fclose drops the buffered bytes, as a failed flush would),
 * rename EIO, fsync EIO, read EIO, malloc NULL with ENOMEM; the optional third field
 * names another errno (ENOSPC EIO EXDEV ENOMEM EDQUOT EROFS EACCES EPERM EFBIG EINTR).
 *
 * Only reads and writes of regular files are counted: the standard streams (descriptors
 * 0-2, stdin, stdout, stderr) are neither counted nor failed, since the harness reads
 * the message on stderr; nor are memory streams (no descriptor) and pipes (the
 * workbook process's messages to ingroei: how a pipe's bytes fall into reads depends
 * on when each process runs, so counting them made the K-th read or write a different
 * call from run to run on a busy machine). Calls are counted from this library's
 * constructor on, in the process that loaded it and in its fork()ed children (the
 * counters live in a shared mapping, so that the K-th call is the K-th of the whole
 * tree and fails once in all of it); the constructor removes this library from
 * LD_PRELOAD, so that a program the engine executes (gnuplot) runs without it. Calls
 * the shim makes itself are not counted. The counts are deterministic as long as the
 * process does not do counted work on several threads at once (run a sweep with
 * --threads 1).
 *
 * Call stacks: with INGROEI_FAULT_SITES, every counted call takes its call stack (the
 * return addresses of its innermost SITE_DEPTH frames, glibc's backtrace()) and the
 * first call from each distinct stack is listed in the sites file, in order. A run makes
 * thousands of allocations from a few hundred places; failing the first call from each
 * place reaches every error path the engine and its libraries have for that kind of
 * call, at a tenth of the runs that every K would take (run_faults.sh tries these
 * besides its head, tail and stride). Addresses are the same in the process and its
 * fork()ed children, so the set of stacks is shared like the counters.
 *
 * The count file, written by the process that loaded the shim (not its children), when
 * it exits normally (a destructor: no allocation, only open/write/close):
 *   write N\nrename N\nfsync N\nread N\nmalloc N\n
 *   first-fsync W R F D M\n   the five counts (in that order) when the first fsync was made,
 *                             the call that made it counted: where the writing of the
 *                             outputs begins (all 0 when there was no fsync)
 *   fired KIND K\n             or "fired none": whether the fault was injected
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* glibc may define some of these as macros; the shim defines the functions */
#undef fwrite_unlocked
#undef putc
#undef getc
#undef fputc
#undef fgetc

enum { K_WRITE, K_RENAME, K_FSYNC, K_READ, K_MALLOC, K_N };
static const char *const kind_names[K_N] = {"write", "rename", "fsync", "read", "malloc"};
static const int kind_errno[K_N] = {ENOSPC, EIO, EIO, EIO, ENOMEM};

/* Shared between the process and its forked children. */
struct shared {
    unsigned long count[K_N];
    unsigned long at_fsync[K_N]; /* the counts when the first fsync was called */
    int fsynced;
    int fired; /* the fault has been injected */
};
static struct shared *sh;   /* NULL: not (yet) active, every call passes through */
static int fault_kind = -1; /* -1: count only */
static unsigned long fault_at;
static int fault_errno;
static pid_t owner;            /* the process that writes the count file */
static char count_file[4096];  /* empty: no count file */
static char sites_file[4096];  /* empty: call stacks are not recorded */

/* The call stacks seen (an open-addressing set of their hashes) and the first call
 * from each, shared with forked children like the counters. */
enum { SITE_DEPTH = 8, SITE_SLOTS = 1 << 16, SITE_MAX = SITE_SLOTS / 2 };
struct sites {
    unsigned long long slot[SITE_SLOTS]; /* 0: empty */
    unsigned n;                          /* entries used in first[] */
    unsigned overflow;                   /* stacks not recorded: the set was full */
    struct {
        int kind;
        unsigned long k;
    } first[SITE_MAX];
};
static struct sites *st;
static int trace; /* INGROEI_FAULT_TRACE set: print the stack of the failing call */

/* Set while the shim itself calls into the C library (dlsym, the real functions), so
 * that what those calls do is not counted again. */
static __thread int in_shim __attribute__((tls_model("initial-exec")));

/* Records the call stack of the n-th call of `kind` when it is a new one. */
static void record_site(int kind, unsigned long n)
{
    void *frames[SITE_DEPTH];
    in_shim++;
    int depth = backtrace(frames, SITE_DEPTH);
    in_shim--;
    unsigned long long h = 1469598103934665603ULL ^ (unsigned long long)kind;
    for (int i = 0; i < depth; i++) {
        h ^= (unsigned long long)(uintptr_t)frames[i];
        h *= 1099511628211ULL;
    }
    if (!h)
        h = 1;
    for (unsigned i = (unsigned)(h % SITE_SLOTS), tries = 0; tries < SITE_SLOTS;
         i = (i + 1) % SITE_SLOTS, tries++) {
        unsigned long long expected = 0;
        if (__atomic_load_n(&st->slot[i], __ATOMIC_SEQ_CST) == h)
            return;
        if (__atomic_compare_exchange_n(&st->slot[i], &expected, h, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            unsigned at = __atomic_fetch_add(&st->n, 1, __ATOMIC_SEQ_CST);
            if (at < SITE_MAX) {
                st->first[at].kind = kind;
                st->first[at].k = n;
            } else {
                __atomic_add_fetch(&st->overflow, 1, __ATOMIC_SEQ_CST);
            }
            return;
        }
        if (expected == h)
            return;
    }
    __atomic_add_fetch(&st->overflow, 1, __ATOMIC_SEQ_CST);
}

/* Counts a call of `kind` and says whether it must fail (setting errno). */
static int hit(int kind)
{
    if (!sh || in_shim)
        return 0;
    unsigned long n = __atomic_add_fetch(&sh->count[kind], 1, __ATOMIC_SEQ_CST);
    if (st)
        record_site(kind, n);
    if (kind == K_FSYNC && n == 1) {
        for (int i = 0; i < K_N; i++)
            sh->at_fsync[i] = __atomic_load_n(&sh->count[i], __ATOMIC_SEQ_CST);
        sh->fsynced = 1;
    }
    if (kind != fault_kind || n != fault_at)
        return 0;
    int expected = 0;
    if (!__atomic_compare_exchange_n(&sh->fired, &expected, 1, 0, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST))
        return 0;
    if (trace) { /* INGROEI_FAULT_TRACE: where the fault fired, for whoever debugs it */
        void *frames[32];
        in_shim++;
        int depth = backtrace(frames, 32);
        backtrace_symbols_fd(frames, depth, 2);
        in_shim--;
    }
    errno = fault_errno;
    return 1;
}

static int fd_counted(int fd)
{
    struct stat sb;
    return fd > 2 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int stream_counted(FILE *f)
{
    if (!f || f == stdin || f == stdout || f == stderr)
        return 0;
    return fd_counted(fileno(f)); /* -1 for memory streams */
}

/* The stream's error indicator, as glibc sets it when a write or read fails. */
static void stream_error(FILE *f)
{
    f->_flags |= _IO_ERR_SEEN;
}

/* The next definition of `name`, looked up once. */
#define REAL(ret, name, params)                                                              \
    static ret(*real_##name) params;                                                         \
    if (!real_##name) {                                                                      \
        in_shim++;                                                                           \
        real_##name = (ret(*) params)dlsym(RTLD_NEXT, #name);                                \
        in_shim--;                                                                           \
    }

/* ---- malloc: glibc's own entry points, so that dlsym cannot recurse into them ---- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

void *malloc(size_t n)
{
    if (hit(K_MALLOC))
        return NULL;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (hit(K_MALLOC))
        return NULL;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (hit(K_MALLOC))
        return NULL; /* p stays valid, as with a real failure */
    return __libc_realloc(p, n);
}

/* ---- write ---- */

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(ssize_t, write, (int, const void *, size_t));
    if (fd_counted(fd) && hit(K_WRITE))
        return -1;
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));
    if (fd_counted(fd) && hit(K_WRITE))
        return -1;
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    REAL(ssize_t, pwrite64, (int, const void *, size_t, off_t));
    if (fd_counted(fd) && hit(K_WRITE))
        return -1;
    return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
    REAL(ssize_t, writev, (int, const struct iovec *, int));
    if (fd_counted(fd) && hit(K_WRITE))
        return -1;
    return real_writev(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
    REAL(ssize_t, pwritev, (int, const struct iovec *, int, off_t));
    if (fd_counted(fd) && hit(K_WRITE))
        return -1;
    return real_pwritev(fd, iov, n, off);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    REAL(size_t, fwrite, (const void *, size_t, size_t, FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return 0;
    }
    return real_fwrite(p, size, n, f);
}

size_t fwrite_unlocked(const void *p, size_t size, size_t n, FILE *f)
{
    REAL(size_t, fwrite_unlocked, (const void *, size_t, size_t, FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return 0;
    }
    return real_fwrite_unlocked(p, size, n, f);
}

int fputs(const char *s, FILE *f)
{
    REAL(int, fputs, (const char *, FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return EOF;
    }
    return real_fputs(s, f);
}

int fputc(int c, FILE *f)
{
    REAL(int, fputc, (int, FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return EOF;
    }
    return real_fputc(c, f);
}

int putc(int c, FILE *f)
{
    REAL(int, putc, (int, FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return EOF;
    }
    return real_putc(c, f);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    REAL(int, vfprintf, (FILE *, const char *, va_list));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return -1;
    }
    return real_vfprintf(f, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
    REAL(int, vfprintf, (FILE *, const char *, va_list));
    if (stream_counted(f) && hit(K_WRITE)) {
        stream_error(f);
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    int r = real_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int fflush(FILE *f)
{
    REAL(int, fflush, (FILE *));
    /* fflush(NULL) flushes every stream: it counts, as files may be among them */
    if ((!f || stream_counted(f)) && hit(K_WRITE)) {
        if (f)
            stream_error(f);
        return EOF;
    }
    return real_fflush(f);
}

int fclose(FILE *f)
{
    REAL(int, fclose, (FILE *));
    if (stream_counted(f) && hit(K_WRITE)) {
        int e = errno;
        __fpurge(f); /* the buffered bytes are lost, as when the final flush fails */
        real_fclose(f); /* the stream is gone either way */
        errno = e;
        return EOF;
    }
    return real_fclose(f);
}

/* ---- rename ---- */

int rename(const char *from, const char *to)
{
    REAL(int, rename, (const char *, const char *));
    if (hit(K_RENAME))
        return -1;
    return real_rename(from, to);
}

int renameat(int fromdir, const char *from, int todir, const char *to)
{
    REAL(int, renameat, (int, const char *, int, const char *));
    if (hit(K_RENAME))
        return -1;
    return real_renameat(fromdir, from, todir, to);
}

int renameat2(int fromdir, const char *from, int todir, const char *to, unsigned flags)
{
    REAL(int, renameat2, (int, const char *, int, const char *, unsigned));
    if (hit(K_RENAME))
        return -1;
    return real_renameat2(fromdir, from, todir, to, flags);
}

/* ---- fsync ---- */

int fsync(int fd)
{
    REAL(int, fsync, (int));
    if (hit(K_FSYNC))
        return -1;
    return real_fsync(fd);
}

int fdatasync(int fd)
{
    REAL(int, fdatasync, (int));
    if (hit(K_FSYNC))
        return -1;
    return real_fdatasync(fd);
}

int syncfs(int fd)
{
    REAL(int, syncfs, (int));
    if (hit(K_FSYNC))
        return -1;
    return real_syncfs(fd);
}

/* ---- read ---- */

ssize_t read(int fd, void *buf, size_t n)
{
    REAL(ssize_t, read, (int, void *, size_t));
    if (fd_counted(fd) && hit(K_READ))
        return -1;
    return real_read(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    REAL(ssize_t, pread, (int, void *, size_t, off_t));
    if (fd_counted(fd) && hit(K_READ))
        return -1;
    return real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    REAL(ssize_t, pread64, (int, void *, size_t, off_t));
    if (fd_counted(fd) && hit(K_READ))
        return -1;
    return real_pread64(fd, buf, n, off);
}

ssize_t readv(int fd, const struct iovec *iov, int n)
{
    REAL(ssize_t, readv, (int, const struct iovec *, int));
    if (fd_counted(fd) && hit(K_READ))
        return -1;
    return real_readv(fd, iov, n);
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
    REAL(size_t, fread, (void *, size_t, size_t, FILE *));
    if (stream_counted(f) && hit(K_READ)) {
        stream_error(f);
        return 0;
    }
    return real_fread(p, size, n, f);
}

char *fgets(char *s, int n, FILE *f)
{
    REAL(char *, fgets, (char *, int, FILE *));
    if (stream_counted(f) && hit(K_READ)) {
        stream_error(f);
        return NULL;
    }
    return real_fgets(s, n, f);
}

int fgetc(FILE *f)
{
    REAL(int, fgetc, (FILE *));
    if (stream_counted(f) && hit(K_READ)) {
        stream_error(f);
        return EOF;
    }
    return real_fgetc(f);
}

int getc(FILE *f)
{
    REAL(int, getc, (FILE *));
    if (stream_counted(f) && hit(K_READ)) {
        stream_error(f);
        return EOF;
    }
    return real_getc(f);
}

/* ---- syscall(2), for the calls above made without glibc's wrappers ---- */

long syscall(long nr, ...)
{
    REAL(long, syscall, (long, ...));
    va_list ap;
    va_start(ap, nr);
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    int kind = -1;
    switch (nr) {
    case SYS_write:
    case SYS_pwrite64:
    case SYS_writev:
    case SYS_pwritev:
        kind = fd_counted((int)a[0]) ? K_WRITE : -1;
        break;
    case SYS_read:
    case SYS_pread64:
    case SYS_readv:
        kind = fd_counted((int)a[0]) ? K_READ : -1;
        break;
    case SYS_rename:
    case SYS_renameat:
    case SYS_renameat2:
        kind = K_RENAME;
        break;
    case SYS_fsync:
    case SYS_fdatasync:
    case SYS_syncfs:
        kind = K_FSYNC;
        break;
    }
    if (kind >= 0 && hit(kind))
        return -1;
    return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* ---- set-up and the count file ---- */

/* Removes every entry naming this library from LD_PRELOAD (a list separated by spaces
 * or colons), so that programs the engine executes run without it. */
static void leave_preload(void)
{
    const char *v = getenv("LD_PRELOAD");
    Dl_info info;
    if (!v || !dladdr((void *)leave_preload, &info) || !info.dli_fname)
        return;
    const char *self = strrchr(info.dli_fname, '/');
    self = self ? self + 1 : info.dli_fname;
    char out[4096];
    size_t o = 0;
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ": ");
        const char *base = p;
        for (size_t i = 0; i < n; i++)
            if (p[i] == '/')
                base = p + i + 1;
        int mine = (size_t)(p + n - base) == strlen(self) && !strncmp(base, self, strlen(self));
        if (n && !mine && o + n + 2 < sizeof out) {
            if (o)
                out[o++] = ':';
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
        if (*p)
            p++;
    }
    out[o] = '\0';
    if (o)
        setenv("LD_PRELOAD", out, 1);
    else
        unsetenv("LD_PRELOAD");
}

static int parse_errno(const char *s)
{
    static const struct {
        const char *name;
        int value;
    } names[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EXDEV", EXDEV}, {"ENOMEM", ENOMEM},
                 {"EDQUOT", EDQUOT}, {"EROFS", EROFS},   {"EACCES", EACCES},
                 {"EPERM", EPERM},   {"EFBIG", EFBIG},   {"EINTR", EINTR}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(s, names[i].name))
            return names[i].value;
    return 0;
}

/* The raw write of the destructor and of die(), looked up in the constructor. */
static ssize_t (*raw_write)(int, const void *, size_t);

static void die(const char *msg)
{
    static const char pre[] = "fault.so: ";
    raw_write(2, pre, sizeof pre - 1);
    raw_write(2, msg, strlen(msg));
    raw_write(2, "\n", 1);
    _exit(99);
}

__attribute__((constructor)) static void fault_init(void)
{
    raw_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    leave_preload();
    const char *spec = getenv("INGROEI_FAULT");
    if (spec && *spec) {
        char buf[64];
        if (strlen(spec) >= sizeof buf)
            die("INGROEI_FAULT: too long");
        strcpy(buf, spec);
        char *k = strchr(buf, ':');
        if (!k)
            die("INGROEI_FAULT: expected KIND:K[:ERRNO]");
        *k++ = '\0';
        char *e = strchr(k, ':');
        if (e)
            *e++ = '\0';
        for (int i = 0; i < K_N; i++)
            if (!strcmp(buf, kind_names[i]))
                fault_kind = i;
        if (fault_kind < 0)
            die("INGROEI_FAULT: unknown kind (expected write, rename, fsync, read or malloc)");
        char *end;
        fault_at = strtoul(k, &end, 10);
        if (!*k || *end || fault_at == 0)
            die("INGROEI_FAULT: K must be a whole number from 1");
        fault_errno = e ? parse_errno(e) : kind_errno[fault_kind];
        if (!fault_errno)
            die("INGROEI_FAULT: unknown errno name");
    }
    const char *cf = getenv("INGROEI_FAULT_COUNT");
    if (cf && *cf) {
        if (strlen(cf) >= sizeof count_file)
            die("INGROEI_FAULT_COUNT: too long");
        strcpy(count_file, cf);
    }
    const char *to = getenv("INGROEI_FAULT_TIMEOUT");
    if (to && *to) {
        char *end;
        unsigned long secs = strtoul(to, &end, 10);
        if (*end || secs == 0)
            die("INGROEI_FAULT_TIMEOUT: expected a whole number of seconds from 1");
        alarm((unsigned)secs);
    }
    trace = getenv("INGROEI_FAULT_TRACE") != NULL;
    const char *sf = getenv("INGROEI_FAULT_SITES");
    if (sf && *sf) {
        if (strlen(sf) >= sizeof sites_file)
            die("INGROEI_FAULT_SITES: too long");
        strcpy(sites_file, sf);
        void *m = mmap(NULL, sizeof(struct sites), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            die("cannot map the call stacks");
        void *warm[1];
        in_shim++;
        backtrace(warm, 1); /* loads the unwinder now, not inside a counted call */
        in_shim--;
        st = m;
    }
    owner = getpid();
    void *m = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        die("cannot map the counters");
    sh = m;
}

/* Appends the decimal digits of v to buf at *o. */
static void put_num(char *buf, size_t *o, unsigned long v)
{
    char d[24];
    int n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < 24);
    while (n)
        buf[(*o)++] = d[--n];
}

static void put_str(char *buf, size_t *o, const char *s)
{
    while (*s)
        buf[(*o)++] = *s++;
}

/* The sites file: "KIND K" per line, the first call from each call stack, then
 * "overflow N" when stacks could not be recorded (the harness refuses such a list). */
static void write_sites(void)
{
    struct sites *t = st;
    st = NULL;
    int fd = open(sites_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    unsigned n = t->n < SITE_MAX ? t->n : SITE_MAX;
    char buf[4096];
    size_t o = 0;
    for (unsigned i = 0; i <= n; i++) {
        if (o > sizeof buf - 64 || i == n) {
            for (size_t done = 0; done < o;) {
                ssize_t w = raw_write(fd, buf + done, o - done);
                if (w <= 0)
                    break;
                done += (size_t)w;
            }
            o = 0;
        }
        if (i == n)
            break;
        put_str(buf, &o, kind_names[t->first[i].kind]);
        put_str(buf, &o, " ");
        put_num(buf, &o, t->first[i].k);
        put_str(buf, &o, "\n");
    }
    if (t->overflow) {
        put_str(buf, &o, "overflow ");
        put_num(buf, &o, t->overflow);
        put_str(buf, &o, "\n");
        raw_write(fd, buf, o);
    }
    close(fd);
}

__attribute__((destructor)) static void fault_fini(void)
{
    if (!sh || !count_file[0] || getpid() != owner)
        return;
    struct shared *s = sh;
    sh = NULL; /* nothing after this is counted */
    char buf[512];
    size_t o = 0;
    for (int i = 0; i < K_N; i++) {
        put_str(buf, &o, kind_names[i]);
        put_str(buf, &o, " ");
        put_num(buf, &o, s->count[i]);
        put_str(buf, &o, "\n");
    }
    put_str(buf, &o, "first-fsync");
    for (int i = 0; i < K_N; i++) {
        put_str(buf, &o, " ");
        put_num(buf, &o, s->at_fsync[i]);
    }
    put_str(buf, &o, "\n");
    put_str(buf, &o, "fired ");
    if (s->fired) {
        put_str(buf, &o, kind_names[fault_kind]);
        put_str(buf, &o, " ");
        put_num(buf, &o, fault_at);
    } else {
        put_str(buf, &o, "none");
    }
    put_str(buf, &o, "\n");
    int fd = open(count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    for (size_t done = 0; done < o;) {
        ssize_t w = raw_write(fd, buf + done, o - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fd);
    if (st && sites_file[0])
        write_sites();
}
