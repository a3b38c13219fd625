-: user_ta_header_defines.h \
 /tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/user_ta_header.h \
 /tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/tee_api_types.h \
 /tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/tee_api_defines.h
/tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/user_ta_header.h:
/tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/tee_api_types.h:
/tmp/tmp.R7OfrZ6vgf/dest/usr/include/teekit-ta/tee_api_defines.h:
