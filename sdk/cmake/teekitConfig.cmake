# SPDX-License-Identifier: BSD-2-Clause
#
# teekitConfig.cmake - the teekit TA SDK for CMake (docs/ta-sdk.md):
#
#   find_package(teekit 1.0 REQUIRED)
#   teekit_add_ta(my_ta SOURCES my_ta.c
#                 [UUID uuid]             # default: TA_UUID of
#                                         # user_ta_header_defines.h; if
#                                         # given it must be the same
#                 [HEADER_DIR dir]        # user_ta_header_defines.h (default:
#                                         # the current source dir)
#                 [TRACE_LEVEL 1-4]       # default 2
#                 [SANITIZE address]      # host-harness build, never signed
#                 [SIGN_KEY key.pem])     # also build <uuid>.ta
#   add_executable(my_ta_test my_ta_test.c)
#   target_link_libraries(my_ta_test PRIVATE teekit::tatest)
#
# teekit_add_ta builds <uuid>.so with the flags of ta.mk and fails when the
# TA imports functions outside the runtime's surface (ta-symbols.re).
# Targets: teekit::ta_headers (the GP headers, an interface target) and
# teekit::tatest (the host harness library, libteekit-tatest.so.1).
# Variables: TEEKIT_TA_INCLUDE_DIR, TEEKIT_SDK_DIR, TEEKIT_SIGN.
#
# The package is relocatable: every path is found from this file's place
# (<prefix>/lib/cmake/teekit), so an install under DESTDIR works as is.

cmake_minimum_required(VERSION 3.15)

get_filename_component(_teekit_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(TEEKIT_TA_INCLUDE_DIR "${_teekit_prefix}/include/teekit-ta")
set(TEEKIT_SDK_DIR "${_teekit_prefix}/share/teekit/sdk")
if(NOT DEFINED TEEKIT_SIGN)
  set(TEEKIT_SIGN "${_teekit_prefix}/bin/teekit-sign")
endif()

foreach(_f "${TEEKIT_TA_INCLUDE_DIR}/tee_internal_api.h"
    "${TEEKIT_SDK_DIR}/src/ta_header.c" "${TEEKIT_SDK_DIR}/ta-symbols.re"
    "${_teekit_prefix}/lib/libteekit-tatest.so.1")
  if(NOT EXISTS "${_f}")
    set(teekit_FOUND FALSE)
    set(teekit_NOT_FOUND_MESSAGE
      "teekit SDK incomplete: ${_f} is missing (reinstall with 'make install')")
    return()
  endif()
endforeach()

if(NOT TARGET teekit::ta_headers)
  add_library(teekit::ta_headers INTERFACE IMPORTED)
  set_target_properties(teekit::ta_headers PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${TEEKIT_TA_INCLUDE_DIR}")
endif()

if(NOT TARGET teekit::tatest)
  add_library(teekit::tatest SHARED IMPORTED)
  set_target_properties(teekit::tatest PROPERTIES
    IMPORTED_LOCATION "${_teekit_prefix}/lib/libteekit-tatest.so.1"
    IMPORTED_SONAME "libteekit-tatest.so.1"
    INTERFACE_INCLUDE_DIRECTORIES "${TEEKIT_TA_INCLUDE_DIR}")
endif()

function(teekit_add_ta name)
  cmake_parse_arguments(TA "" "UUID;HEADER_DIR;TRACE_LEVEL;SANITIZE;SIGN_KEY"
    "SOURCES" ${ARGN})
  if(NOT TA_SOURCES)
    message(FATAL_ERROR "teekit_add_ta(${name}): no SOURCES")
  endif()
  if(NOT TA_HEADER_DIR)
    set(TA_HEADER_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  if(NOT EXISTS "${TA_HEADER_DIR}/user_ta_header_defines.h")
    message(FATAL_ERROR "teekit_add_ta(${name}): no user_ta_header_defines.h in ${TA_HEADER_DIR}; set HEADER_DIR")
  endif()
  # The UUID is written once, as TA_UUID in user_ta_header_defines.h
  # (decision 1702): read it there, and refuse a UUID argument that differs
  execute_process(COMMAND sh "${TEEKIT_SDK_DIR}/ta-uuid" "${CMAKE_C_COMPILER}"
      "-I${TA_HEADER_DIR}" "-I${TEEKIT_TA_INCLUDE_DIR}"
    WORKING_DIRECTORY "${TA_HEADER_DIR}"
    OUTPUT_VARIABLE _hdr_uuid ERROR_VARIABLE _uuid_err
    RESULT_VARIABLE _uuid_rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _uuid_rc EQUAL 0)
    message(FATAL_ERROR "teekit_add_ta(${name}): cannot read TA_UUID from ${TA_HEADER_DIR}/user_ta_header_defines.h: ${_uuid_err}")
  endif()
  if(NOT TA_UUID)
    set(TA_UUID "${_hdr_uuid}")
  endif()
  string(TOLOWER "${TA_UUID}" TA_UUID)
  if(NOT TA_UUID STREQUAL _hdr_uuid)
    message(FATAL_ERROR "teekit_add_ta(${name}): UUID ${TA_UUID} but user_ta_header_defines.h says TA_UUID is ${_hdr_uuid}: write the UUID once, in TA_UUID, and drop the UUID argument (or make them equal)")
  endif()
  if(NOT TA_TRACE_LEVEL)
    set(TA_TRACE_LEVEL 2)
  endif()
  if(TA_SANITIZE AND TA_SIGN_KEY)
    message(FATAL_ERROR "teekit_add_ta(${name}): SANITIZE builds a TA for the host harness only; drop SIGN_KEY")
  endif()

  add_library(${name} MODULE ${TA_SOURCES} "${TEEKIT_SDK_DIR}/src/ta_header.c"
    "${TEEKIT_SDK_DIR}/src/ta_optee.c")
  set_target_properties(${name} PROPERTIES PREFIX "" OUTPUT_NAME "${TA_UUID}"
    SUFFIX ".so" POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PRIVATE "${TA_HEADER_DIR}"
    "${TEEKIT_TA_INCLUDE_DIR}")
  target_compile_definitions(${name} PRIVATE TRACE_LEVEL=${TA_TRACE_LEVEL})
  target_compile_options(${name} PRIVATE -std=gnu11 -O2 -g -fPIC -Wall -Wextra
    -fno-common -fstack-protector-strong)
  target_link_options(${name} PRIVATE -Wl,-Bsymbolic -Wl,-z,now
    -Wl,-z,noexecstack)
  set(_extra "")
  if(TA_SANITIZE)
    target_compile_options(${name} PRIVATE -fsanitize=${TA_SANITIZE}
      -fno-omit-frame-pointer)
    target_link_options(${name} PRIVATE -fsanitize=${TA_SANITIZE})
    set(_extra "__(asan|ubsan|lsan|sanitizer)_[A-Za-z0-9_]+")
  endif()
  set(_nm "${CMAKE_NM}")
  if(NOT _nm)
    set(_nm nm)
  endif()
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND sh "${TEEKIT_SDK_DIR}/ta-symcheck" "${_nm}" "$<TARGET_FILE:${name}>"
      "${TEEKIT_SDK_DIR}/ta-symbols.re" "${_extra}"
    VERBATIM)

  if(TA_SIGN_KEY)
    set(_ta "${CMAKE_CURRENT_BINARY_DIR}/${TA_UUID}.ta")
    add_custom_command(OUTPUT "${_ta}"
      COMMAND "${TEEKIT_SIGN}" --key "${TA_SIGN_KEY}"
        --in "$<TARGET_FILE:${name}>" --out "${_ta}"
      DEPENDS ${name} "${TA_SIGN_KEY}"
      VERBATIM)
    add_custom_target(${name}_signed ALL DEPENDS "${_ta}")
  endif()
endfunction()
