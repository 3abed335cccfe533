/* publish.c: build beside OUT_DIR, then swap it in. */
#define _GNU_SOURCE /* renameat2 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interrupt.h"

static const char publish_marker_text[] =
    "This directory is a funnel-report output. Each run replaces it as a whole.\n";

/* The report being built, for the out-of-memory path: it cannot unwind, so
 * it removes what this run made beside OUT_DIR before it exits. */
static struct fr_publish *publish_current;

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

/* Whether dir is empty or holds our marker. */
static int
publish_replaceable(const char *dir)
{
	char *marker = fr_xasprintf("%s/%s", dir, FR_PUBLISH_MARKER);
	int ok = access(marker, F_OK) == 0;
	free(marker);
	if (ok)
		return 1;
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

/* Removes new-report directories that a killed run left behind; we hold the lock. */
static void
publish_sweep(struct fr_publish *p)
{
	DIR *d = opendir(p->parent);
	if (d == NULL)
		return;
	char *prefix = fr_xasprintf(".%s.new-", p->base);
	char *oprefix = fr_xasprintf(".%s.old-", p->base);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 ||
		    strncmp(e->d_name, oprefix, strlen(oprefix)) == 0) {
			char *path = fr_xasprintf("%s/%s", p->parent, e->d_name);
			publish_rm_tree(path);
			free(path);
		}
	}
	closedir(d);
	free(prefix);
	free(oprefix);
}

static void
publish_oom(void)
{
	struct fr_publish *p = publish_current;
	if (p == NULL)
		return;
	if (p->tmp_dir != NULL) /* the half-built report, or once swapped the old one */
		publish_rm_tree(p->tmp_dir);
	if (p->lock_path != NULL)
		unlink(p->lock_path);
}

int
fr_publish_begin(const char *out_dir, struct fr_publish **out, char **err)
{
	struct fr_publish *p = fr_xcalloc(1, sizeof *p);
	p->lock_fd = -1;
	publish_current = p; /* from here an out-of-memory exit cleans up after us */
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
	if (*p->base == '\0' || strcmp(p->base, ".") == 0 || strcmp(p->base, "..") == 0) {
		rc = fr_fail(err, FR_EUSAGE, "-o %s: name the output directory itself", out_dir);
	} else if (stat(p->parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = fr_fail(err, FR_EIO, "-o %s: %s is not an existing directory", out_dir, p->parent);
	} else if (lstat(p->out_dir, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			rc = fr_fail(err, FR_EIO, "-o %s: is a symbolic link; give the real path", out_dir);
		else if (!S_ISDIR(st.st_mode))
			rc = fr_fail(err, FR_EIO, "-o %s: exists and is not a directory", out_dir);
		else if (!publish_replaceable(p->out_dir))
			rc = fr_fail(err, FR_EIO,
			             "-o %s: exists, is not empty and is not a funnel-report output "
			             "(no %s file); refusing to replace it",
			             out_dir, FR_PUBLISH_MARKER);
	} else if (errno != ENOENT) {
		rc = fr_fail(err, FR_EIO, "-o %s: %s", out_dir, strerror(errno));
	}
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
		}
	}
	if (rc == FR_OK)
		rc = fr_publish_file(p, FR_PUBLISH_MARKER, publish_marker_text, sizeof publish_marker_text - 1,
		                     err);
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

int
fr_publish_file(struct fr_publish *p, const char *relpath, const void *data, size_t len, char **err)
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
	return fr_publish_file(p, relpath, b->ptr != NULL ? b->ptr : "", b->len, err);
}

int
fr_publish_commit(struct fr_publish *p, char **err)
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
	int rc = FR_OK;
	if (renameat2(AT_FDCWD, p->tmp_dir, AT_FDCWD, p->out_dir, RENAME_EXCHANGE) == 0) {
		/* tmp_dir now holds the previous report. */
		p->committed = 1;
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
	fr_strv_free(p->dirs, p->ndirs);
	free(p->tmp_dir);
	free(p->out_dir);
	free(p->parent);
	free(p->base);
	free(p);
}
