// SPDX-License-Identifier: GPL-2.0
/*
 * Test fixture: an aggregate unit like Linux 6.1's build_policy.c, which
 * compiles several scheduler files as one translation unit.
 */
#include <linux/compiler.h>
#include "sched.h"

#include "idle.c"

#include "rt.c"
