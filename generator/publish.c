/* publish.c: build beside OUT_DIR, then swap it in. */
#define _GNU_SOURCE /* renameat2 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/interrupt.h"

static const char publish_marker_text[] =
    "This directory is a funnel-report output. Each run replaces it as a whole.\n";

/* The report being built, for the out-of-memory path: it cannot unwind, so
 * it removes what this run made beside OUT_DIR before it exits. */
static struct fr_publish *publish_current;
/* Held while a file is written, at the swap and at the clean-up, so the
 * out-of-memory path on another thread (the loader's) never removes the
 * tree while this thread writes into it; recursive, for an out-of-memory
 * exit while this thread holds it. */
static pthread_mutex_t publish_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

struct fr_publish {
	char *out_dir;   /* as given, without trailing slashes */
	char *parent;
	char *base;
	char *tmp_dir;   /* the new report, until committed */
	char *lock_path;
	int lock_fd;
	int committed;
	char **dirs;     /* directories created, to sync at commit */
	size_t ndirs;
	char **swept;    /* stale build folders removed beside OUT_DIR, for the progress lines */
	size_t nswept;
};

static int
publish_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes a directory tree we created; the tree never holds symlinks we follow. */
static int
publish_rm_tree(const char *path)
{
	return nftw(path, publish_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int
publish_sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Whether dir holds our marker: a regular file (not a folder, not a link)
 * with exactly the text we write. Any entry of that name would do before,
 * so a config folder called .funnel-report made a home directory ours.
 */
static int
publish_marked(const char *dir)
{
	char *marker = fr_xasprintf("%s/%s", dir, FR_PUBLISH_MARKER);
	/* O_NONBLOCK: a FIFO of that name must not hang the run */
	int fd = open(marker, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(marker);
	if (fd < 0)
		return 0;
	char text[sizeof publish_marker_text + 1];
	struct stat st;
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	         st.st_size == (off_t)(sizeof publish_marker_text - 1) &&
	         read(fd, text, sizeof text) == (ssize_t)(sizeof publish_marker_text - 1) &&
	         memcmp(text, publish_marker_text, sizeof publish_marker_text - 1) == 0;
	close(fd);
	return ok;
}

/* Whether dir is empty. */
static int
publish_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* Whether dir is empty or a report of ours. */
static int
publish_replaceable(const char *dir)
{
	return publish_marked(dir) || publish_empty(dir);
}

/* Whether name is ours beside OUT_DIR: ".BASE.new-" and mkdtemp's six
 * letters or digits, or ".BASE.old-" and a process id. */
static int
publish_our_name(const struct fr_publish *p, const char *name)
{
	size_t b = strlen(p->base);
	if (name[0] != '.' || strncmp(name + 1, p->base, b) != 0)
		return 0;
	const char *tail = name + 1 + b;
	if (strncmp(tail, ".new-", 5) == 0) {
		tail += 5;
		size_t n = strspn(tail, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
		return n == 6 && tail[6] == '\0';
	}
	if (strncmp(tail, ".old-", 5) == 0) {
		tail += 5;
		size_t n = strspn(tail, "0123456789");
		return n > 0 && tail[n] == '\0';
	}
	return 0;
}

/*
 * Removes the build folders a killed run left behind (we hold the lock):
 * only directories named as ours that hold our marker, or nothing; a
 * user's .NAME.old-backup, or a folder of that shape without the marker,
 * stays. What was swept is noted for the progress lines.
 */
static void
publish_sweep(struct fr_publish *p)
{
	DIR *d = opendir(p->parent);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!publish_our_name(p, e->d_name))
			continue;
		char *path = fr_xasprintf("%s/%s", p->parent, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && publish_replaceable(path) &&
		    publish_rm_tree(path) == 0) {
			p->swept = fr_xreallocarray(p->swept, p->nswept + 1, sizeof *p->swept);
			p->swept[p->nswept++] = path;
			path = NULL;
		}
		free(path);
	}
	closedir(d);
}

size_t
fr_publish_swept(const struct fr_publish *p, const char *const **paths)
{
	*paths = (const char *const *)p->swept;
	return p->nswept;
}

/*
 * Whether the directory st (at path) may be written by us, by its mode and
 * by the system: root may write anywhere, but a report its owner made
 * read-only (555) is one to leave alone, and so is one we cannot write.
 */
static int
publish_writable(const char *path, const struct stat *st)
{
	if (geteuid() == 0 && (st->st_mode & 0222) == 0)
		return 0;
	return access(path, W_OK | X_OK) == 0;
}

/*
 * Gives dir the owner of the directory it is to replace, and its mode: so a
 * shared 2770 report directory stays what its owner made it. While the
 * report is still being written (exact false) the owner may always write
 * (the setgid bit, which makes the files take the directory's group, is
 * kept); the exact mode comes right before the swap.
 */
static int
publish_keep_owner(const char *dir, const struct stat *was, bool exact)
{
	struct stat now;
	if (stat(dir, &now) != 0)
		return -1;
	if ((now.st_uid != was->st_uid || now.st_gid != was->st_gid) &&
	    chown(dir, was->st_uid, was->st_gid) != 0)
		return -1;
	/* after chown, which may clear the setgid bit */
	return chmod(dir, (was->st_mode & 07777) | (exact ? 0 : 0700));
}

/*
 * Whether OUT_DIR may be replaced now: missing, or a directory (not a
 * link) that is empty or ours. Checked before the heavy work and again
 * right before the swap, for a file saved there while the run worked.
 */
static int
publish_check_out(struct fr_publish *p, const char *when, char **err)
{
	struct stat st;
	if (lstat(p->out_dir, &st) != 0) {
		if (errno == ENOENT)
			return FR_OK;
		return fr_fail(err, FR_EIO, "-o %s: %s", p->out_dir, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return fr_fail(err, FR_EIO, "-o %s: is a symbolic link; give the real path", p->out_dir);
	if (!S_ISDIR(st.st_mode))
		return fr_fail(err, FR_EIO, "-o %s: exists and is not a directory", p->out_dir);
	if (!publish_replaceable(p->out_dir))
		return fr_fail(err, FR_EIO,
		               "-o %s: %s not empty and is not a funnel-report output (no %s file of ours); "
		               "refusing to replace it%s",
		               p->out_dir, when != NULL ? "is now" : "exists, is", FR_PUBLISH_MARKER,
		               when != NULL ? when : "");
	if (!publish_writable(p->out_dir, &st))
		return fr_fail(err, FR_EIO,
		               "-o %s: is read-only (mode %03o); refusing to replace it (make it writable, "
		               "or choose another directory)",
		               p->out_dir, (unsigned)(st.st_mode & 0777));
	return FR_OK;
}

static void
publish_oom(void)
{
	pthread_mutex_lock(&publish_mu); /* never unlocked: the process exits */
	struct fr_publish *p = publish_current;
	if (p == NULL)
		return;
	if (p->tmp_dir != NULL) /* the half-built report, or once swapped the old one */
		publish_rm_tree(p->tmp_dir);
	if (p->lock_path != NULL)
		unlink(p->lock_path);
}

static int publish_write(struct fr_publish *p, const char *relpath, const void *data, size_t len,
                         char **err);

int
fr_publish_begin(const char *out_dir, struct fr_publish **out, char **err)
{
	struct fr_publish *p = fr_xcalloc(1, sizeof *p);
	p->lock_fd = -1;
	pthread_mutex_lock(&publish_mu);
	publish_current = p; /* from here an out-of-memory exit cleans up after us */
	pthread_mutex_unlock(&publish_mu);
	fr_on_oom(publish_oom);
	size_t n = strlen(out_dir);
	while (n > 1 && out_dir[n - 1] == '/')
		n--;
	p->out_dir = fr_xstrndup(out_dir, n);
	const char *slash = strrchr(p->out_dir, '/');
	p->parent = slash == NULL ? fr_xstrdup(".")
	            : slash == p->out_dir ? fr_xstrdup("/")
	                                  : fr_xstrndup(p->out_dir, (size_t)(slash - p->out_dir));
	p->base = fr_xstrdup(slash == NULL ? p->out_dir : slash + 1);

	int rc = FR_OK;
	struct stat st;
	if (*p->base == '\0' || strcmp(p->base, ".") == 0 || strcmp(p->base, "..") == 0)
		rc = fr_fail(err, FR_EUSAGE, "-o %s: name the output directory itself", out_dir);
	else if (stat(p->parent, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = fr_fail(err, FR_EIO, "-o %s: %s is not an existing directory", out_dir, p->parent);
	else
		rc = publish_check_out(p, NULL, err);
	if (rc == FR_OK) {
		p->lock_path = fr_xasprintf("%s/.%s.lock", p->parent, p->base);
		p->lock_fd = open(p->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (p->lock_fd < 0) {
			rc = fr_fail(err, FR_EIO, "-o %s: cannot write in %s: %s", out_dir, p->parent,
			             strerror(errno));
			free(p->lock_path);
			p->lock_path = NULL;
		} else if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
			rc = fr_fail(err, FR_EIO, "-o %s: another funnel-report run is publishing there", out_dir);
			close(p->lock_fd);
			p->lock_fd = -1;
			free(p->lock_path); /* the lock file is the other run's to remove */
			p->lock_path = NULL;
		}
	}
	if (rc == FR_OK) {
		publish_sweep(p);
		p->tmp_dir = fr_xasprintf("%s/.%s.new-XXXXXX", p->parent, p->base);
		if (mkdtemp(p->tmp_dir) == NULL) {
			rc = fr_fail(err, FR_EIO, "-o %s: cannot create a directory in %s: %s", out_dir,
			             p->parent, strerror(errno));
			free(p->tmp_dir);
			p->tmp_dir = NULL;
		} else if (chmod(p->tmp_dir, 0755) != 0) {
			rc = fr_fail(err, FR_EIO, "%s: %s", p->tmp_dir, strerror(errno));
		} else if (lstat(p->out_dir, &st) == 0 && publish_keep_owner(p->tmp_dir, &st, false) != 0) {
			/* found out now, not after the heavy work */
			rc = fr_fail(err, FR_EIO,
			             "-o %s: belongs to user %ld, group %ld, and this run cannot give its "
			             "replacement that owner (%s); run as that user, or as root",
			             out_dir, (long)st.st_uid, (long)st.st_gid, strerror(errno));
		}
	}
	if (rc == FR_OK)
		rc = publish_write(p, FR_PUBLISH_MARKER, publish_marker_text,
		                   sizeof publish_marker_text - 1, err);
	if (rc != FR_OK) {
		fr_publish_free(p);
		return rc;
	}
	*out = p;
	return FR_OK;
}

/* Creates the directories leading to relpath inside the new report. */
static int
publish_mkdirs(struct fr_publish *p, const char *relpath, char **err)
{
	for (const char *s = strchr(relpath, '/'); s != NULL; s = strchr(s + 1, '/')) {
		char *dir = fr_xasprintf("%s/%.*s", p->tmp_dir, (int)(s - relpath), relpath);
		if (mkdir(dir, 0755) == 0) {
			p->dirs = fr_xreallocarray(p->dirs, p->ndirs + 1, sizeof *p->dirs);
			p->dirs[p->ndirs++] = dir;
		} else if (errno == EEXIST) {
			free(dir);
		} else {
			int rc = fr_fail(err, FR_EIO, "%s/%.*s: %s", p->out_dir, (int)(s - relpath), relpath,
			                 strerror(errno));
			free(dir);
			return rc;
		}
	}
	return FR_OK;
}

static int
publish_write(struct fr_publish *p, const char *relpath, const void *data, size_t len, char **err)
{
	if (strstr(relpath, "..") != NULL || relpath[0] == '/')
		return fr_fail(err, FR_EIO, "internal: unsafe output path %s", relpath);
	if (fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	int rc = publish_mkdirs(p, relpath, err);
	if (rc != FR_OK)
		return rc;
	char *path = fr_xasprintf("%s/%s", p->tmp_dir, relpath);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0)
		return fr_fail(err, FR_EIO, "%s/%s: %s", p->out_dir, relpath, strerror(errno));
	const char *c = data;
	while (len > 0) {
		ssize_t w = write(fd, c, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = fr_fail(err, FR_EIO, "%s/%s: %s", p->out_dir, relpath,
			             w < 0 ? strerror(errno) : "short write");
			break;
		}
		c += w;
		len -= (size_t)w;
	}
	if (rc == FR_OK && fsync(fd) != 0)
		rc = fr_fail(err, FR_EIO, "%s/%s: %s", p->out_dir, relpath, strerror(errno));
	if (close(fd) != 0 && rc == FR_OK)
		rc = fr_fail(err, FR_EIO, "%s/%s: %s", p->out_dir, relpath, strerror(errno));
	return rc;
}

int
fr_publish_buf(struct fr_publish *p, const char *relpath, const struct fr_buf *b, char **err)
{
	pthread_mutex_lock(&publish_mu);
	int rc = publish_write(p, relpath, b->ptr != NULL ? b->ptr : "", b->len, err);
	pthread_mutex_unlock(&publish_mu);
	return rc;
}

static int publish_commit(struct fr_publish *p, char **err);

int
fr_publish_commit(struct fr_publish *p, char **err)
{
	pthread_mutex_lock(&publish_mu);
	int rc = publish_commit(p, err);
	pthread_mutex_unlock(&publish_mu);
	return rc;
}

static int
publish_commit(struct fr_publish *p, char **err)
{
	if (fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	for (size_t i = 0; i < p->ndirs; i++)
		if (publish_sync_path(p->dirs[i]) != 0)
			return fr_fail(err, FR_EIO, "%s: %s", p->dirs[i], strerror(errno));
	if (publish_sync_path(p->tmp_dir) != 0)
		return fr_fail(err, FR_EIO, "%s: %s", p->tmp_dir, strerror(errno));

	/* From here the swap must not be cut in half. */
	fr_interrupt_hold(1);
	/* Look again: a file saved into an empty OUT_DIR while the run worked
	 * is the user's, and the swap would delete it with the old tree. The
	 * replacement takes the mode and owner OUT_DIR has now. */
	int rc = publish_check_out(p, " (a file was saved there while the run worked); nothing was "
	                              "published",
	                           err);
	struct stat was;
	if (rc == FR_OK && lstat(p->out_dir, &was) == 0 && publish_keep_owner(p->tmp_dir, &was, true) != 0)
		rc = fr_fail(err, FR_EIO, "-o %s: cannot keep its mode and owner: %s", p->out_dir,
		             strerror(errno));
	if (rc != FR_OK) {
		fr_interrupt_hold(0);
		return rc;
	}
	if (renameat2(AT_FDCWD, p->tmp_dir, AT_FDCWD, p->out_dir, RENAME_EXCHANGE) == 0) {
		/* tmp_dir now holds the previous report: once more, in case a file
		 * arrived between the look and the swap, and if so, swap back */
		p->committed = 1;
		if (!publish_replaceable(p->tmp_dir)) {
			if (renameat2(AT_FDCWD, p->tmp_dir, AT_FDCWD, p->out_dir, RENAME_EXCHANGE) == 0)
				p->committed = 0;
			rc = fr_fail(err, FR_EIO,
			             "-o %s: a file was saved there while the run worked; %s", p->out_dir,
			             p->committed ? "the new report is in place and the old directory is "
			                            "kept beside it"
			                          : "nothing was published");
			if (p->committed) { /* could not swap back: keep the old tree, whatever it holds */
				free(p->tmp_dir);
				p->tmp_dir = NULL;
			}
		}
	} else if (errno == ENOENT) {
		if (rename(p->tmp_dir, p->out_dir) != 0)
			rc = fr_fail(err, FR_EIO, "%s: %s", p->out_dir, strerror(errno));
		else {
			p->committed = 1;
			free(p->tmp_dir);
			p->tmp_dir = NULL;
		}
	} else if (errno == EINVAL || errno == ENOSYS) {
		/* No atomic exchange on this file system: two renames. */
		char *old = fr_xasprintf("%s/.%s.old-%ld", p->parent, p->base, (long)getpid());
		if (rename(p->out_dir, old) != 0) {
			rc = fr_fail(err, FR_EIO, "%s: %s", p->out_dir, strerror(errno));
		} else if (rename(p->tmp_dir, p->out_dir) != 0) {
			rc = fr_fail(err, FR_EIO, "%s: %s", p->out_dir, strerror(errno));
			rename(old, p->out_dir);
		} else {
			p->committed = 1;
			free(p->tmp_dir);
			p->tmp_dir = old;
			old = NULL;
		}
		free(old);
	} else {
		rc = fr_fail(err, FR_EIO, "%s: %s", p->out_dir, strerror(errno));
	}
	if (rc == FR_OK)
		publish_sync_path(p->parent);
	fr_interrupt_hold(0);
	return rc;
}

void
fr_publish_free(struct fr_publish *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&publish_mu);
	if (p == publish_current) {
		publish_current = NULL;
		fr_on_oom(NULL);
	}
	/* Uncommitted: the half-built report; committed: the previous one. */
	if (p->tmp_dir != NULL)
		publish_rm_tree(p->tmp_dir);
	if (p->lock_path != NULL) {
		unlink(p->lock_path);
		free(p->lock_path);
	}
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	pthread_mutex_unlock(&publish_mu);
	fr_strv_free(p->dirs, p->ndirs);
	fr_strv_free(p->swept, p->nswept);
	free(p->tmp_dir);
	free(p->out_dir);
	free(p->parent);
	free(p->base);
	free(p);
}
