// SPDX-License-Identifier: GPL-2.0
/*
 * foosched_collect: a GCC plugin that records what a translation unit of the
 * kernel defines and uses, for Foosched's boundary analysis and extraction.
 *
 * It writes one JSON file per unit (schema "foosched-facts/1", see
 * docs/facts-schema.md): function and variable definitions with exact source
 * positions, direct calls, address-taken functions (callbacks), uses of global
 * variables, struct fields accessed, and names used but not defined.
 *
 * The plugin only reads the front end's trees: it must never change the code
 * GCC generates (objects are byte-identical with and without it, debug info
 * included: it takes its own switches out of the recorded command line), and
 * it prints nothing on stdout.
 *
 * Arguments: out=<dir> (required), srctree=<kernel source tree> (positions
 * inside it are reported relative to it).
 *
 * Events:
 *  - PLUGIN_FINISH_DECL: variable definitions (file scope and function-local
 *    statics) with their initializers, and alias declarations.  Called again
 *    for every redeclaration of the same variable (see on_variable).
 *  - PLUGIN_PRE_GENERICIZE: every function body as parsed, before GCC lowers
 *    or inlines anything, so calls are the calls written in the source.
 *  - PLUGIN_FINISH_UNIT: after code generation; the final assembler names are
 *    known then, and the file is written (temporary file, then rename).
 *
 * Trees may be garbage collected between functions, so everything is turned
 * into plain strings as soon as it is seen; no tree is kept across events.
 */

/* C++ library headers first: GCC's system.h poisons names they use. */
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "gcc-plugin.h"
#include "plugin-version.h"
#include "tree.h"
#include "tree-iterator.h"
#include "stringpool.h"
#include "attribs.h"
#include "cgraph.h"
#include "c-family/c-common.h"	/* before diagnostic-core.h */
#include "c-family/c-pretty-print.h"
#include "c-tree.h"
#include "diagnostic-core.h"
#include "opts.h"
#include "toplev.h"
#include "version.h"

int plugin_is_GPL_compatible;

#define SCHEMA "foosched-facts/1"

static const char *plugin_name = "foosched_collect";
static std::string opt_srctree;	/* realpath of srctree=, with trailing '/' */
static std::string opt_out;	/* out= directory */

/* ---------------------------------------------------------------- model */

struct src_loc {
	std::string file;
	int line = 0;
	int col = 0;
	bool known() const { return line > 0; }
};

struct expansion_t {
	std::string macro;	/* empty: not from a macro expansion */
	src_loc loc;
};

struct function_t {
	std::string name, asm_name, section, decl, alias_of;
	src_loc loc;
	expansion_t expansion;
	bool has_body = false;
	src_loc open, close;
	std::vector<std::string> flags;
};

struct ref_t {
	std::string from, from_kind, from_scope, to, to_kind, to_scope;
	bool address_taken = false;
	src_loc loc;
};

struct variable_t {
	std::string name, asm_name, section, decl, scope;
	src_loc loc;
	expansion_t expansion;
	std::vector<std::string> flags;
	long long size = -1;	/* -1: unknown */
	bool has_init = false;
	std::vector<ref_t> init_refs;	/* from its initializer */
};

struct call_t {
	std::string from, to;
	src_loc loc;
};

struct decl_use_t {
	std::string kind;
	src_loc loc;
};

/*
 * Definitions in the order the unit defines them, found by DECL_UID: a
 * declaration seen twice (a tentative definition completed later) is one
 * record, and the later sighting replaces the earlier.
 */
template <typename T> struct by_uid {
	std::map<unsigned, size_t> index;
	std::vector<T> items;

	void put(unsigned uid, const T &item)
	{
		auto it = index.find(uid);

		if (it != index.end()) {
			items[it->second] = item;
		} else {
			index[uid] = items.size();
			items.push_back(item);
		}
	}

	T *find(unsigned uid)
	{
		auto it = index.find(uid);

		return it == index.end() ? NULL : &items[it->second];
	}
};

static by_uid<function_t> functions;
static by_uid<variable_t> variables;
static std::vector<call_t> calls;
static std::vector<ref_t> body_refs;
/* function -> (struct, field) -> count */
static std::map<std::string, std::map<std::pair<std::string, std::string>, int>> fields;
/* name -> a declaration of something the unit uses; filtered at the end */
static std::map<std::string, decl_use_t> used_decls;

/* ---------------------------------------------------------------- paths */

static std::string normalize(const std::string &path)
{
	std::vector<std::string> parts;
	size_t i = 0;

	while (i <= path.size()) {
		size_t j = path.find('/', i);
		if (j == std::string::npos)
			j = path.size();
		std::string part = path.substr(i, j - i);
		if (part == "..") {
			if (!parts.empty())
				parts.pop_back();
		} else if (!part.empty() && part != ".") {
			parts.push_back(part);
		}
		i = j + 1;
	}
	std::string out;
	for (const std::string &p : parts)
		out += "/" + p;
	return out.empty() ? "/" : out;
}

/*
 * GCC names files as the preprocessor found them: absolute with "..", or
 * relative to the build directory (kbuild's generated headers).  Make them
 * absolute, resolve symlinks when the file exists, then cut the srctree
 * prefix so that consumers get "kernel/sched/sched.h".
 */
static std::string display_path(const char *file)
{
	static std::map<std::string, std::string> cache;
	std::string key = file ? file : "";
	auto it = cache.find(key);

	if (it != cache.end())
		return it->second;

	std::string path = key;
	if (!path.empty() && path[0] != '/' && path[0] != '<')
		path = std::string(getpwd()) + "/" + path;
	if (!path.empty() && path[0] == '/') {
		char resolved[PATH_MAX];
		if (realpath(path.c_str(), resolved))
			path = resolved;
		else
			path = normalize(path);
		if (!opt_srctree.empty() &&
		    path.compare(0, opt_srctree.size(), opt_srctree) == 0)
			path = path.substr(opt_srctree.size());
	}
	cache[key] = path;
	return path;
}

/* ------------------------------------------------------------ locations */

static src_loc to_loc(location_t where)
{
	src_loc loc;

	if (where == UNKNOWN_LOCATION || where == BUILTINS_LOCATION)
		return loc;
	where = linemap_resolve_location(line_table, where,
					 LRK_MACRO_EXPANSION_POINT, NULL);
	expanded_location x = expand_location(where);
	if (!x.file)
		return loc;
	loc.file = display_path(x.file);
	loc.line = x.line;
	loc.col = x.column;
	return loc;
}

/*
 * The outermost macro whose expansion produced WHERE, and the place it is
 * invoked.  The extractor rewrites the invocation as a whole (it maps
 * DEFINE_PER_CPU to DECLARE_PER_CPU, SYSCALL_DEFINE3 to a prototype, ...),
 * so inner helper macros (__SYSCALL_DEFINEx) are of no use to it.
 */
static expansion_t to_expansion(location_t where)
{
	expansion_t exp;
	const char *macro = NULL;

	while (where > BUILTINS_LOCATION &&
	       linemap_location_from_macro_expansion_p(line_table, where)) {
		const line_map *map = linemap_lookup(line_table, where);
		const line_map_macro *mm = linemap_check_macro(map);

		macro = linemap_map_get_macro_name(mm);
		where = MACRO_MAP_EXPANSION_POINT_LOCATION(mm);
	}
	if (macro) {
		exp.macro = macro;
		exp.loc = to_loc(where);
	}
	return exp;
}

/* ---------------------------------------------------------------- names */

static std::string decl_name(tree decl)
{
	tree id = DECL_NAME(decl);

	return id ? IDENTIFIER_POINTER(id) : "";
}

/*
 * The function a static variable is local to, or "" for file-scope ones and
 * block-scope extern declarations (those name a global).  Names of local
 * statics repeat across functions, so they are qualified by this scope.
 */
static std::string scope_of(tree var)
{
	tree fn;

	if (!VAR_P(var) || DECL_EXTERNAL(var) || TREE_PUBLIC(var))
		return "";
	fn = decl_function_context(var);
	return fn ? decl_name(fn) : "";
}

static std::string section_of(tree decl)
{
	const char *s = DECL_SECTION_NAME(decl);

	return s ? s : "";
}

/*
 * "init": code and data that the kernel frees or never loads at run time
 * (__init, __initdata, __exit, __meminit when memory hotplug is off).
 * ".ref.*" (__ref) stays resident, so it is not init; its section is still
 * reported.
 */
static bool is_init_section(const std::string &s)
{
	static const char *const prefixes[] = {
		".init.", ".exit.", ".meminit.", ".memexit.",
	};

	for (const char *p : prefixes)
		if (s.compare(0, strlen(p), p) == 0)
			return true;
	return false;
}

/* A type as C writes it, through the C front end's own pretty printer. */
static std::string type_text(tree type)
{
	c_pretty_printer pp;
	std::string text;

	pp.type_id(type);
	text = pp_formatted_text(&pp);
	while (!text.empty() && text.back() == ' ')
		text.pop_back();
	return text;
}

/* "int" "x" -> "int x"; "struct rq *" "p" -> "struct rq *p" */
static std::string join_declarator(const std::string &type,
				   const std::string &declarator)
{
	size_t hole = type.find("(*");

	/* pointer to function: the name goes inside "(*)" */
	if (hole != std::string::npos) {
		size_t close = type.find(')', hole);
		if (close != std::string::npos)
			return type.substr(0, close) + declarator +
			       type.substr(close);
	}
	if (!type.empty() && type.back() == '*')
		return type + declarator;
	return type + " " + declarator;
}

static std::string parameter_list(tree fntype)
{
	tree args = TYPE_ARG_TYPES(fntype);
	std::string text = "(";

	if (!args)
		return prototype_p(fntype) ? "(void)" : "()";
	for (tree a = args; a && a != void_list_node; a = TREE_CHAIN(a)) {
		if (a != args)
			text += ", ";
		text += type_text(TREE_VALUE(a));
	}
	if (args == void_list_node)
		text += "void";
	else if (stdarg_p(fntype))
		text += ", ...";
	return text + ")";
}

/*
 * A declaration without body or initializer, with parameter types only, for
 * comparing signatures and for display: "static void __schedule(unsigned
 * int)", "struct rq runqueues", "static int calls[4]".
 */
static std::string printable_decl(tree decl)
{
	std::string head, declarator = decl_name(decl);
	tree type = TREE_TYPE(decl);

	if (!TREE_PUBLIC(decl))
		head += "static ";
	else if (DECL_EXTERNAL(decl))
		head += "extern ";
	if (TREE_CODE(decl) == FUNCTION_DECL) {
		if (DECL_DECLARED_INLINE_P(decl))
			head += "inline ";
		declarator += parameter_list(type);
		type = TREE_TYPE(type);
	}
	while (TREE_CODE(type) == ARRAY_TYPE) {
		tree max = TYPE_DOMAIN(type) ? TYPE_MAX_VALUE(TYPE_DOMAIN(type))
					     : NULL_TREE;
		if (max && tree_fits_shwi_p(max))
			declarator += "[" +
				      std::to_string(tree_to_shwi(max) + 1) +
				      "]";
		else
			declarator += "[]";
		type = TREE_TYPE(type);
	}
	return head + join_declarator(type_text(type), declarator);
}

static bool has_attr(tree decl, const char *name)
{
	return lookup_attribute(name, DECL_ATTRIBUTES(decl)) != NULL_TREE;
}

/* A global (not automatic) variable, including function-local statics. */
static bool is_global_var(tree t)
{
	return VAR_P(t) && (TREE_STATIC(t) || DECL_EXTERNAL(t));
}

/*
 * Functions that are no kernel symbols: GCC's builtins used without a
 * declaration (__builtin_expect, ...), and functions declared with
 * __attribute__((error)) - the kernel's compiletime_assert() and BUILD_BUG()
 * call such a function in code the compiler must prove dead, or the build
 * fails, so the call never exists in an object.
 */
static bool is_pseudo_function(tree fn)
{
	return DECL_IS_UNDECLARED_BUILTIN(fn) || has_attr(fn, "error");
}

/* The static object the front end makes for a file-scope compound literal. */
static bool is_compound_literal_var(tree t)
{
	return VAR_P(t) && C_DECL_COMPOUND_LITERAL_P(t) && TREE_STATIC(t);
}

static void note_used_decl(tree decl)
{
	std::string name = decl_name(decl);

	if (name.empty() || (VAR_P(decl) && !scope_of(decl).empty()))
		return;
	decl_use_t &use = used_decls[name];
	if (use.kind.empty()) {
		use.kind = TREE_CODE(decl) == FUNCTION_DECL ? "function" :
							      "variable";
		use.loc = to_loc(DECL_SOURCE_LOCATION(decl));
	}
}

/* ------------------------------------------------------ fields (structs) */

static std::string type_display_name(tree type)
{
	tree name;

	if (!type)
		return "";
	name = TYPE_NAME(type);
	if (name && TREE_CODE(name) == TYPE_DECL)
		name = DECL_NAME(name);
	if (name && TREE_CODE(name) == IDENTIFIER_NODE)
		return IDENTIFIER_POINTER(name);
	return "";
}

/*
 * The name a programmer would give to the struct that holds a field: its tag
 * ("cfs_rq"), else the typedef the object was declared with ("atomic_t" for
 * typedef struct { int counter; } atomic_t), else - for members of anonymous
 * unions/structs nested in a named struct - the enclosing struct's name, else
 * for a variable of an unnamed struct type "typeof(variable)".
 */
static std::string struct_name_of(tree ref)
{
	tree field = TREE_OPERAND(ref, 1);
	tree object = TREE_OPERAND(ref, 0);
	std::string name;

	name = type_display_name(TYPE_MAIN_VARIANT(DECL_CONTEXT(field)));
	if (name.empty())
		name = type_display_name(TREE_TYPE(object));
	if (name.empty() && TREE_CODE(object) == COMPONENT_REF)
		name = struct_name_of(object);
	/* static struct { ... } nohz;  ->  "typeof(nohz)" */
	while (name.empty() && TREE_CODE(object) == ARRAY_REF)
		object = TREE_OPERAND(object, 0);
	if (name.empty() && DECL_P(object) && DECL_NAME(object))
		name = "typeof(" + decl_name(object) + ")";
	return name.empty() ? "<anonymous>" : name;
}

/* ------------------------------------------------------ the tree walker */

/*
 * Walks GENERIC as the C front end leaves it, keeping the location of the
 * nearest enclosing expression: decls in operands carry only the location
 * of their declaration, not of the use.
 */
struct walker {
	std::string from;		/* function or variable name */
	std::string from_kind;		/* "function" or "variable" */
	std::string from_scope;		/* for function-local statics */
	std::vector<call_t> *calls;
	std::vector<ref_t> *refs;
	bool count_fields;
	std::set<tree> seen;		/* shared SAVE_EXPRs, literals */

	void walk(tree t, location_t where);
	void walk_address_of(tree operand, location_t where);
	void use_decl(tree t, bool address_taken, location_t where);
	void field(tree ref);
};

void walker::use_decl(tree t, bool address_taken, location_t where)
{
	ref_t ref;

	if (TREE_CODE(t) == FUNCTION_DECL) {
		if (is_pseudo_function(t))
			return;
		ref.to_kind = "function";
	} else if (is_compound_literal_var(t)) {
		/*
		 * &(struct ops){ .fn = f } in an initializer: f belongs to the
		 * variable being initialized.  A function reaches such a
		 * literal only when the front end folds a read of a const
		 * pointer into its value; the literal's contents are not the
		 * function's doing.
		 */
		if (from_kind == "variable" && DECL_INITIAL(t) &&
		    seen.insert(t).second)
			walk(DECL_INITIAL(t), where);
		return;
	} else if (is_global_var(t) && !DECL_ARTIFICIAL(t) && DECL_NAME(t)) {
		ref.to_kind = "variable";
		ref.to_scope = scope_of(t);
	} else {
		return;
	}
	ref.from = from;
	ref.from_kind = from_kind;
	ref.from_scope = from_scope;
	ref.to = decl_name(t);
	ref.address_taken = address_taken;
	ref.loc = to_loc(where);
	refs->push_back(ref);
	note_used_decl(t);
}

void walker::field(tree ref)
{
	tree f = TREE_OPERAND(ref, 1);

	/* the hop into an anonymous member is not an access of its own */
	if (!count_fields || TREE_CODE(f) != FIELD_DECL || !DECL_NAME(f))
		return;
	fields[from][{ struct_name_of(ref), decl_name(f) }]++;
}

/*
 * &x, &x.a[i], &fn: the base object's address is taken.  Only the base
 * counts as address-taken; array indices are ordinary uses.
 */
void walker::walk_address_of(tree op, location_t where)
{
	tree base = op;

	while (handled_component_p(base)) {
		if (TREE_CODE(base) == COMPONENT_REF)
			field(base);
		else
			for (int i = 1; i < TREE_OPERAND_LENGTH(base); i++)
				walk(TREE_OPERAND(base, i), where);
		base = TREE_OPERAND(base, 0);
	}
	if (DECL_P(base))
		use_decl(base, true, where);
	else
		walk(base, where);
}

void walker::walk(tree t, location_t where)
{
	if (!t || t == error_mark_node)
		return;
	if (EXPR_P(t) && EXPR_HAS_LOCATION(t))
		where = EXPR_LOCATION(t);

	switch (TREE_CODE(t)) {
	case STATEMENT_LIST:
		for (tree_stmt_iterator i = tsi_start(t); !tsi_end_p(i);
		     tsi_next(&i))
			walk(tsi_stmt(i), where);
		return;

	case BIND_EXPR:
		/*
		 * Initializers of automatic variables are code of this
		 * function; those of statics belong to the static variable
		 * and are recorded with it (PLUGIN_FINISH_DECL).
		 */
		for (tree v = BIND_EXPR_VARS(t); v; v = DECL_CHAIN(v))
			if (VAR_P(v) && !TREE_STATIC(v) && !DECL_EXTERNAL(v))
				walk(DECL_INITIAL(v), DECL_SOURCE_LOCATION(v));
		walk(BIND_EXPR_BODY(t), where);
		return;

	case DECL_EXPR:
		/* the declared variable's initializer was walked above */
		return;

	case COMPOUND_LITERAL_EXPR: {
		tree decl = COMPOUND_LITERAL_EXPR_DECL(t);

		if (decl && TREE_STATIC(decl))
			use_decl(decl, true, where);	/* file scope */
		else if (decl && seen.insert(decl).second)
			walk(DECL_INITIAL(decl), where);
		return;
	}

	case SAVE_EXPR:
	case TARGET_EXPR:
		/* shared subtrees: walk once, or nesting explodes */
		if (!seen.insert(t).second)
			return;
		break;

	case CALL_EXPR: {
		tree fn = CALL_EXPR_FN(t);	/* NULL: internal function */
		tree callee = fn;

		if (callee)
			STRIP_NOPS(callee);
		if (callee && TREE_CODE(callee) == ADDR_EXPR &&
		    TREE_CODE(TREE_OPERAND(callee, 0)) == FUNCTION_DECL) {
			callee = TREE_OPERAND(callee, 0);
			if (!is_pseudo_function(callee)) {
				call_t call;
				call.from = from;
				call.to = decl_name(callee);
				call.loc = to_loc(where);
				calls->push_back(call);
				note_used_decl(callee);
			}
		} else {
			walk(fn, where);	/* call through a pointer */
		}
		for (int i = 0; i < call_expr_nargs(t); i++)
			walk(CALL_EXPR_ARG(t, i), where);
		return;
	}

	case ADDR_EXPR:
		walk_address_of(TREE_OPERAND(t, 0), where);
		return;

	case COMPONENT_REF:
		field(t);
		walk(TREE_OPERAND(t, 0), where);
		return;

	case CONSTRUCTOR: {
		unsigned i;
		tree value;

		FOR_EACH_CONSTRUCTOR_VALUE(CONSTRUCTOR_ELTS(t), i, value)
			walk(value, where);
		return;
	}

	case TREE_LIST:
		for (; t; t = TREE_CHAIN(t))
			walk(TREE_VALUE(t), where);
		return;

	case ASM_EXPR:
		walk(ASM_OUTPUTS(t), where);
		walk(ASM_INPUTS(t), where);
		return;

	case FUNCTION_DECL:
	case VAR_DECL:
		use_decl(t, false, where);
		return;

	default:
		break;
	}

	/* any other expression or statement: its operands */
	if (EXPR_P(t) || TREE_CODE_CLASS(TREE_CODE(t)) == tcc_statement) {
		for (int i = 0; i < TREE_OPERAND_LENGTH(t); i++) {
			tree op = TREE_OPERAND(t, i);
			if (op && !TYPE_P(op))
				walk(op, where);
		}
	}
}

/* ------------------------------------------------------------ functions */

static std::vector<std::string> function_flags(tree fn)
{
	std::vector<std::string> flags;

	if (!TREE_PUBLIC(fn))
		flags.push_back("static");
	if (DECL_DECLARED_INLINE_P(fn))
		flags.push_back("inline");
	if (has_attr(fn, "always_inline"))
		flags.push_back("always_inline");
	if (has_attr(fn, "noinline"))
		flags.push_back("noinline");
	if (DECL_WEAK(fn))
		flags.push_back("weak");
	if (is_init_section(section_of(fn)))
		flags.push_back("init");
	/*
	 * The kernel's notrace.  Not DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT:
	 * GCC also sets that when nothing is instrumented (no -pg).
	 */
	if (has_attr(fn, "no_instrument_function"))
		flags.push_back("notrace");
	if (DECL_PRESERVE_P(fn) || has_attr(fn, "used"))
		flags.push_back("used");
	/* gnu_inline "extern inline": the body is for inlining only */
	if (DECL_EXTERNAL(fn))
		flags.push_back("external");
	return flags;
}

static function_t describe_function(tree fn)
{
	function_t f;
	location_t where = DECL_SOURCE_LOCATION(fn);

	f.name = decl_name(fn);
	f.asm_name = f.name;
	if (DECL_ASSEMBLER_NAME_SET_P(fn))
		f.asm_name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME_RAW(fn));
	f.loc = to_loc(where);
	f.expansion = to_expansion(where);
	f.flags = function_flags(fn);
	f.section = section_of(fn);
	f.decl = printable_decl(fn);
	return f;
}

static void on_function_body(void *gcc_data, void *)
{
	tree fn = (tree)gcc_data;
	function *body = DECL_STRUCT_FUNCTION(fn);
	function_t f;
	walker w;

	if (!DECL_NAME(fn) || !body)
		return;
	f = describe_function(fn);
	f.has_body = true;
	/* the parser stores the '{' and '}' token locations here */
	f.open = to_loc(body->function_start_locus);
	f.close = to_loc(body->function_end_locus);
	functions.put(DECL_UID(fn), f);

	w.from = f.name;
	w.from_kind = "function";
	w.calls = &calls;
	w.refs = &body_refs;
	w.count_fields = true;
	w.walk(DECL_SAVED_TREE(fn), DECL_SOURCE_LOCATION(fn));
}

/* ------------------------------------------------------------ variables */

static std::vector<std::string> variable_flags(tree var)
{
	std::vector<std::string> flags;
	std::string section = section_of(var);

	if (!TREE_PUBLIC(var))
		flags.push_back("static");
	if (TREE_READONLY(var))
		flags.push_back("const");
	if (section.compare(0, 13, ".data..percpu") == 0)
		flags.push_back("percpu");
	if (is_init_section(section))
		flags.push_back("init");
	if (DECL_WEAK(var))
		flags.push_back("weak");
	if (DECL_PRESERVE_P(var) || has_attr(var, "used"))
		flags.push_back("used");
	if (!scope_of(var).empty())
		flags.push_back("function_local");
	if (DECL_INITIAL(var) && DECL_INITIAL(var) != error_mark_node)
		flags.push_back("has_initializer");
	return flags;
}

static void on_variable(tree var)
{
	variable_t v;
	location_t where = DECL_SOURCE_LOCATION(var);
	variable_t *seen_before = variables.find(DECL_UID(var));
	walker w;
	std::vector<call_t> no_calls;

	v.name = decl_name(var);
	v.asm_name = v.name;
	if (DECL_ASSEMBLER_NAME_SET_P(var))
		v.asm_name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME_RAW(var));
	v.scope = scope_of(var);
	v.loc = to_loc(where);
	v.expansion = to_expansion(where);
	v.flags = variable_flags(var);
	v.section = section_of(var);
	v.decl = printable_decl(var);
	if (DECL_SIZE_UNIT(var) && tree_fits_uhwi_p(DECL_SIZE_UNIT(var)))
		v.size = tree_to_uhwi(DECL_SIZE_UNIT(var));
	v.has_init = DECL_INITIAL(var) && DECL_INITIAL(var) != error_mark_node;

	/*
	 * Seen again: "int x; ... int x = 1;" moves the definition to the
	 * initialized one, but a redeclaration such as EXPORT_SYMBOL's
	 * "extern typeof(x) x;" also moves DECL_SOURCE_LOCATION, and must
	 * not: keep where the variable was defined.
	 */
	if (seen_before && !(v.has_init && !seen_before->has_init)) {
		v.loc = seen_before->loc;
		v.expansion = seen_before->expansion;
	}

	w.from = v.name;
	w.from_kind = "variable";
	w.from_scope = v.scope;
	w.calls = &no_calls;	/* static initializers are constant */
	w.refs = &v.init_refs;
	w.count_fields = false;
	w.walk(DECL_INITIAL(var), where);
	variables.put(DECL_UID(var), v);
}

/* void f(void) __attribute__((alias("g"))): a definition without a body */
static void on_alias(tree fn)
{
	tree attr = lookup_attribute("alias", DECL_ATTRIBUTES(fn));
	function_t f = describe_function(fn);

	f.alias_of = TREE_STRING_POINTER(TREE_VALUE(TREE_VALUE(attr)));
	functions.put(DECL_UID(fn), f);
}

static void on_finish_decl(void *gcc_data, void *)
{
	tree decl = (tree)gcc_data;

	if (seen_error() || !DECL_P(decl) || !DECL_NAME(decl))
		return;
	if (TREE_CODE(decl) == FUNCTION_DECL && has_attr(decl, "alias"))
		on_alias(decl);
	else if (VAR_P(decl) && TREE_STATIC(decl) && !DECL_EXTERNAL(decl) &&
		 !DECL_ARTIFICIAL(decl))
		on_variable(decl);
}

/* ----------------------------------------------------------------- JSON */

static void json_string(FILE *f, const std::string &s)
{
	fputc('"', f);
	for (unsigned char c : s) {
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void json_opt_string(FILE *f, const std::string &s)
{
	if (s.empty())
		fputs("null", f);
	else
		json_string(f, s);
}

static void json_loc(FILE *f, const src_loc &loc)
{
	if (!loc.known()) {
		fputs("null", f);
		return;
	}
	fputs("{\"file\":", f);
	json_string(f, loc.file);
	fprintf(f, ",\"line\":%d,\"col\":%d}", loc.line, loc.col);
}

static void json_expansion(FILE *f, const expansion_t &exp)
{
	if (exp.macro.empty()) {
		fputs("null", f);
		return;
	}
	fputs("{\"macro\":", f);
	json_string(f, exp.macro);
	fputs(",\"loc\":", f);
	json_loc(f, exp.loc);
	fputc('}', f);
}

static void json_flags(FILE *f, const std::vector<std::string> &flags)
{
	fputc('[', f);
	for (size_t i = 0; i < flags.size(); i++) {
		if (i)
			fputc(',', f);
		json_string(f, flags[i]);
	}
	fputc(']', f);
}

static void write_function(FILE *f, const function_t &fn)
{
	fputs("{\"name\":", f);
	json_string(f, fn.name);
	fputs(",\"asmName\":", f);
	json_string(f, fn.asm_name);
	fputs(",\"loc\":", f);
	json_loc(f, fn.loc);
	fputs(",\"expansion\":", f);
	json_expansion(f, fn.expansion);
	fputs(",\"body\":", f);
	if (fn.has_body) {
		fputs("{\"open\":", f);
		json_loc(f, fn.open);
		fputs(",\"close\":", f);
		json_loc(f, fn.close);
		fputc('}', f);
	} else {
		fputs("null", f);
	}
	fputs(",\"flags\":", f);
	json_flags(f, fn.flags);
	fputs(",\"section\":", f);
	json_opt_string(f, fn.section);
	fputs(",\"decl\":", f);
	json_string(f, fn.decl);
	fputs(",\"aliasOf\":", f);
	json_opt_string(f, fn.alias_of);
	fputc('}', f);
}

static void write_variable(FILE *f, const variable_t &v)
{
	fputs("{\"name\":", f);
	json_string(f, v.name);
	fputs(",\"asmName\":", f);
	json_string(f, v.asm_name);
	fputs(",\"scope\":", f);
	json_opt_string(f, v.scope);
	fputs(",\"loc\":", f);
	json_loc(f, v.loc);
	fputs(",\"expansion\":", f);
	json_expansion(f, v.expansion);
	fputs(",\"flags\":", f);
	json_flags(f, v.flags);
	fputs(",\"section\":", f);
	json_opt_string(f, v.section);
	fputs(",\"size\":", f);
	if (v.size < 0)
		fputs("null", f);
	else
		fprintf(f, "%lld", v.size);
	fputs(",\"decl\":", f);
	json_string(f, v.decl);
	fputc('}', f);
}

static void write_ref(FILE *f, const ref_t &r)
{
	fputs("{\"from\":", f);
	json_string(f, r.from);
	fputs(",\"fromKind\":", f);
	json_string(f, r.from_kind);
	fputs(",\"fromScope\":", f);
	json_opt_string(f, r.from_scope);
	fputs(",\"to\":", f);
	json_string(f, r.to);
	fputs(",\"toKind\":", f);
	json_string(f, r.to_kind);
	fputs(",\"toScope\":", f);
	json_opt_string(f, r.to_scope);
	fprintf(f, ",\"addressTaken\":%s,\"loc\":",
		r.address_taken ? "true" : "false");
	json_loc(f, r.loc);
	fputc('}', f);
}

/* Separates array elements: one element per line keeps files greppable. */
static void next(FILE *f, bool *first)
{
	fputs(*first ? "\n  " : ",\n  ", f);
	*first = false;
}

static void write_facts(FILE *f, const std::string &unit)
{
	std::set<std::string> defined;
	bool first;

	fputs("{\"schema\":\"" SCHEMA "\",\"unit\":", f);
	json_string(f, unit);
	fputs(",\"compiler\":\"" version_string "\",\n\"functions\":[", f);
	first = true;
	for (const function_t &fn : functions.items) {
		next(f, &first);
		write_function(f, fn);
		defined.insert(fn.name);
	}
	fputs("],\n\"variables\":[", f);
	first = true;
	for (const variable_t &v : variables.items) {
		next(f, &first);
		write_variable(f, v);
		if (v.scope.empty())
			defined.insert(v.name);
	}
	fputs("],\n\"calls\":[", f);
	first = true;
	for (const call_t &c : calls) {
		next(f, &first);
		fputs("{\"from\":", f);
		json_string(f, c.from);
		fputs(",\"to\":", f);
		json_string(f, c.to);
		fputs(",\"loc\":", f);
		json_loc(f, c.loc);
		fputc('}', f);
	}
	fputs("],\n\"refs\":[", f);
	first = true;
	for (const variable_t &v : variables.items) {
		for (const ref_t &r : v.init_refs) {
			next(f, &first);
			write_ref(f, r);
		}
	}
	for (const ref_t &r : body_refs) {
		next(f, &first);
		write_ref(f, r);
	}
	fputs("],\n\"fields\":[", f);
	first = true;
	for (const auto &fn : fields) {
		for (const auto &field : fn.second) {
			next(f, &first);
			fputs("{\"function\":", f);
			json_string(f, fn.first);
			fputs(",\"struct\":", f);
			json_string(f, field.first.first);
			fputs(",\"field\":", f);
			json_string(f, field.first.second);
			fprintf(f, ",\"count\":%d}", field.second);
		}
	}
	fputs("],\n\"declarations\":[", f);
	first = true;
	for (const auto &it : used_decls) {
		if (defined.count(it.first))
			continue;
		next(f, &first);
		fputs("{\"name\":", f);
		json_string(f, it.first);
		fputs(",\"kind\":", f);
		json_string(f, it.second.kind);
		fputs(",\"loc\":", f);
		json_loc(f, it.second.loc);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/* ---------------------------------------------------------- unit finish */

/*
 * Local statics get their "name.N" and renamed symbols their asm("...")
 * labels by the time code is generated; read them without ever asking GCC
 * to compute a name itself, which could change the numbering it emits.
 */
static void read_assembler_names(void)
{
	symtab_node *node;

	FOR_EACH_SYMBOL(node) {
		tree decl = node->decl;

		if (!DECL_ASSEMBLER_NAME_SET_P(decl))
			continue;
		const char *asm_name =
			IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME_RAW(decl));
		function_t *f = functions.find(DECL_UID(decl));
		if (f && TREE_CODE(decl) == FUNCTION_DECL)
			f->asm_name = asm_name;
		variable_t *v = variables.find(DECL_UID(decl));
		if (v && VAR_P(decl))
			v->asm_name = asm_name;
	}
}

static void on_finish_unit(void *, void *)
{
	std::string unit, name, path, tmp;
	FILE *f;

	if (seen_error())
		return;	/* never leave facts of a unit that did not compile */
	read_assembler_names();

	unit = display_path(main_input_filename);
	name = unit;
	for (size_t i = 0; (i = name.find('/', i)) != std::string::npos;)
		name.replace(i, 1, "__");
	path = opt_out + "/" + name + ".facts.json";
	tmp = opt_out + "/." + name + ".facts.json." + std::to_string(getpid());

	f = fopen(tmp.c_str(), "w");
	if (!f) {
		error("%s: cannot write %s: %s", plugin_name, tmp.c_str(),
		      xstrerror(errno));
		return;
	}
	write_facts(f, unit);
	if (fclose(f) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
		error("%s: cannot write %s: %s", plugin_name, path.c_str(),
		      xstrerror(errno));
		unlink(tmp.c_str());
	}
}

/* ---------------------------------------------------------------- setup */

static bool parse_args(struct plugin_name_args *info)
{
	for (int i = 0; i < info->argc; i++) {
		const char *key = info->argv[i].key;
		const char *value = info->argv[i].value;

		if (!value) {
			error("%s: argument %qs needs a value", plugin_name,
			      key);
			return false;
		}
		if (!strcmp(key, "srctree")) {
			char resolved[PATH_MAX];
			if (!realpath(value, resolved)) {
				error("%s: srctree %qs: %s", plugin_name, value,
				      xstrerror(errno));
				return false;
			}
			opt_srctree = std::string(resolved);
			if (opt_srctree.back() != '/')
				opt_srctree += "/";
		} else if (!strcmp(key, "out")) {
			opt_out = value;
		} else {
			error("%s: unknown argument %qs (known: srctree, out)",
			      plugin_name, key);
			return false;
		}
	}
	if (opt_out.empty()) {
		error("%s: missing argument %<-fplugin-arg-%s-out%>",
		      plugin_name, plugin_name);
		return false;
	}
	return true;
}

/*
 * GCC records its command line in the object (DW_AT_producer with -g,
 * .GCC.command.line with -frecord-gcc-switches).  Our own switches would be
 * the only difference between objects built with and without the plugin;
 * drop them from the record so that the objects stay byte-identical.
 */
static void hide_own_switches(struct plugin_name_args *info)
{
	std::string arg_prefix = std::string(info->base_name) + "-";

	for (unsigned i = 0; i < save_decoded_options_count; i++) {
		cl_decoded_option *opt = &save_decoded_options[i];
		const char *arg = opt->arg ? opt->arg : "";

		if ((opt->opt_index == OPT_fplugin_ &&
		     !strcmp(arg, info->full_name)) ||
		    (opt->opt_index == OPT_fplugin_arg_ &&
		     !strncmp(arg, arg_prefix.c_str(), arg_prefix.size())))
			opt->opt_index = OPT_SPECIAL_ignore;
	}
}

int plugin_init(struct plugin_name_args *info,
		struct plugin_gcc_version *version)
{
	if (!plugin_default_version_check(version, &gcc_version)) {
		error("%s: built for GCC %s, loaded into GCC %s", plugin_name,
		      gcc_version.basever, version->basever);
		return 1;
	}
	if (!parse_args(info))
		return 1;
	hide_own_switches(info);

	register_callback(info->base_name, PLUGIN_FINISH_DECL, on_finish_decl,
			  NULL);
	register_callback(info->base_name, PLUGIN_PRE_GENERICIZE,
			  on_function_body, NULL);
	register_callback(info->base_name, PLUGIN_FINISH_UNIT, on_finish_unit,
			  NULL);
	return 0;
}
