/* version.h: the release. */
#ifndef FR_VERSION_H
#define FR_VERSION_H

#define FR_VERSION "0.1.0"

#endif
