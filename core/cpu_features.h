/* Windows' processor-feature table (the PF_* indexes of
 * KUSER_SHARED_DATA.ProcessorFeatures, which IsProcessorFeaturePresent
 * reads) derived from what the guest's CPU reports about itself. */
#ifndef WOWBOX_CORE_CPU_FEATURES_H
#define WOWBOX_CORE_CPU_FEATURES_H

#include <stdint.h>

#include "core/cpu_backend.h"

#define CPU_PF_COUNT 64u /* PROCESSOR_FEATURE_MAX */

void cpu_features_from(const struct cpu_ident *id, uint8_t pf[CPU_PF_COUNT]);

#endif
