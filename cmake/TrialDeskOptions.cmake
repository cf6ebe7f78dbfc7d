# Build options and the one INTERFACE target that carries the language standard,
# warnings and strict Qt defines for every TrialDesk target.
option(TRIALDESK_BUILD_DESKTOP "Build the trialdesk desktop application" ON)
option(TRIALDESK_BUILD_TESTS "Build the Qt Test suite" ON)
option(TRIALDESK_DEVELOPER_MODE "Treat warnings as errors" OFF)
option(TRIALDESK_SANITIZERS "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(trialdesk_settings INTERFACE)
add_library(TrialDesk::Settings ALIAS trialdesk_settings)
target_compile_features(trialdesk_settings INTERFACE cxx_std_20)
target_compile_options(trialdesk_settings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(trialdesk_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    TRIALDESK_VERSION="${PROJECT_VERSION}")
if(TRIALDESK_DEVELOPER_MODE)
    target_compile_options(trialdesk_settings INTERFACE -Werror)
endif()
if(TRIALDESK_SANITIZERS)
    target_compile_options(trialdesk_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(trialdesk_settings INTERFACE -fsanitize=address,undefined)
endif()
