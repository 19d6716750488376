/* vcruntime140: std::exception and type_info support, pure virtual calls,
 * the start-up telemetry hooks (syscalls/vcruntime140/runtime.c). */
API(__std_exception_copy, "p from, p to", "v")
API(__std_exception_destroy, "p data", "v")
API(__std_type_info_compare, "p lhs, p rhs", "i")
API(__std_type_info_hash, "p data", "u")
API(__std_type_info_name, "p data, p root", "s")
API(__std_type_info_destroy_list, "p root", "v")
API(_purecall, "", "v")
API(_set_purecall_handler, "p handler", "p")
API(_get_purecall_handler, "", "p")
API(__telemetry_main_invoke_trigger, "p hInstance", "v")
API(__telemetry_main_return_trigger, "p hInstance", "v")
