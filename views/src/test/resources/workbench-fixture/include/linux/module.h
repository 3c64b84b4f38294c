/* SPDX-License-Identifier: GPL-2.0 */
/* Workbench fixture: what a module's metadata needs when built by the fixture's kbuild. */
#ifndef _FIXTURE_MODULE_H
#define _FIXTURE_MODULE_H

#define MODULE_LICENSE(l)	static const char __module_license[] __attribute__((__used__)) = l
#define MODULE_DESCRIPTION(d)	static const char __module_description[] __attribute__((__used__)) = d

#endif
