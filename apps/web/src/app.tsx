import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { ErrorBoundary, ErrorScreen } from "~/components/error-boundary";
import { I18nProvider } from "~/i18n";
import { createClient, createQueryClient, TRPCProvider } from "~/lib/trpc";
import { createRouter } from "~/routes/router";

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createClient);
  const [router] = useState(createRouter);
  return (
    <I18nProvider>
      <ErrorBoundary fallback={<ErrorScreen />}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <RouterProvider router={router} />
          </TRPCProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </I18nProvider>
  );
}
