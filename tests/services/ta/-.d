-: user_ta_header_defines.h \
 /work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/user_ta_header.h \
 /work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/tee_api_types.h \
 /work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/tee_api_defines.h \
 svc_ta.h
/work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/user_ta_header.h:
/work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/tee_api_types.h:
/work/wt-optee-sdk/build/sdk-root/usr/include/teekit-ta/tee_api_defines.h:
svc_ta.h:
