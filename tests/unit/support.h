/* support.h: what every unit test includes (cmocka needs these first). */
#ifndef FR_TEST_SUPPORT_H
#define FR_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#endif
