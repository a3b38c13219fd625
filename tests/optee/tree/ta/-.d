-: include/user_ta_header_defines.h include/olt_ta.h
include/olt_ta.h:
