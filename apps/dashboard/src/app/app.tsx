import { Layout } from "./layout";
import { Providers } from "./providers";
import { AppRoutes } from "./router";
import { SignInGate } from "./sign-in-gate";
import { TimeSettingsProvider } from "./time-settings";

export function App() {
  return (
    <Providers>
      <SignInGate>
        <TimeSettingsProvider>
          <Layout>
            <AppRoutes />
          </Layout>
        </TimeSettingsProvider>
      </SignInGate>
    </Providers>
  );
}
